import type { ConversationContext } from '../conversations/models';
import type { TurnReading } from './dialogue/read-turn';

export interface Understanding {
  intent: string;
  confidence: number;
  slots: Record<string, string | number>;
  /** Slots that came from earlier turns. */
  carried?: string[];
  normalized?: string;
  sentiment?: 'negative' | 'neutral' | 'positive';
  needs?: string[];
  /** Set when this affirm/deny answers a yes/no question the bot asked. */
  confirmation?: { of: string; answer: 'yes' | 'no' };
  /** Products, categories, order cues and the product fact asked for, for the dialogue step. */
  reading?: TurnReading;
  /** A follow-up that left its subject out, with the subject put back: what knowledge is asked. */
  question?: string;
  /** The conversation's context after this turn, to be stored with the conversation. */
  context?: ConversationContext;
}

export interface UnderstandingTenant {
  id: number;
  orderNumberPattern: string | null;
}

/** The "understand" step of the pipeline; the pipeline never knows which engine is behind it. */
export interface Understander {
  understand(text: string, context: ConversationContext, tenant: UnderstandingTenant): Promise<Understanding>;
}
