import type { ComposedReply, ReplyContext } from '../dialogue/reply-types';
import type { Runtime } from '../runtime';
import type { CommerceConnectors } from '../commerce/connectors/connector-types';
import { loadCommerceConnectors } from '../commerce/connectors/connector-registry';
import { Customer } from '../customers/models';

/** What every skill receives: the turn, the runtime's services and the tenant's connectors (loaded on first use). */
export interface SkillContext extends ReplyContext {
  runtime: Runtime;
  /** The merchant's reference for this shopper; null unless the shopper's identity is verified. */
  customerRef: string | null;
  connectors(): Promise<CommerceConnectors>;
}

export type SkillReply = ComposedReply;

export async function buildSkillContext(ctx: ReplyContext, runtime: Runtime): Promise<SkillContext> {
  let customerRef: string | null = null;
  if (ctx.customerVerified) {
    const customer = await Customer.findOne({ where: { tenantId: ctx.tenantId, id: ctx.customerId } });
    customerRef = customer?.externalRef ?? null;
  }
  let loaded: Promise<CommerceConnectors> | undefined;
  return {
    ...ctx,
    runtime,
    customerRef,
    connectors: () => (loaded ??= loadCommerceConnectors(ctx.tenantId, runtime.cipher)),
  };
}

/** The order number the shopper named this turn (or the NLU carried from an earlier one). */
export function orderNoSlot(ctx: ReplyContext): string | undefined {
  const value = ctx.understanding.slots.order_id;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
