import type { ConversationContext } from '../conversations/models';

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
