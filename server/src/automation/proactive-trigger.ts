import type { Card } from '@kefu/shared';
import type { ProactiveKind } from './models';

/** One reason to write to a shopper, found by a scanner; `key` names it so it fires once. */
export interface ProactiveTrigger {
  key: string;
  kind: ProactiveKind;
  customerId: number;
  orderId: number | null;
  text: string;
  cards: Card[];
  /** A coupon to include, paid from the kind's monthly budget. */
  coupon?: {
    cents: number;
    monthlyBudgetCents: number;
    /** true: no coupon, no message (a coupon offer is the message); false: send without the coupon. */
    required: boolean;
  };
  /** At most `max` messages of this kind to the shopper within `days`. */
  cap?: { max: number; days: number };
  /** Work for a person, created even when the shopper cannot be messaged right now. */
  task?: { summary: string };
}

export type ProactiveOutcome =
  | { status: 'sent'; messageId: number }
  | { status: 'duplicate' }
  | { status: 'deferred'; reason: DeferredReason };

export type DeferredReason = 'opted_out' | 'no_channel' | 'outside_window' | 'quota_used' | 'quiet_hours' | 'cap_reached' | 'budget_exhausted';
