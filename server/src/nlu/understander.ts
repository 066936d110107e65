import type { ConversationContext } from '../conversations/models';

export interface Understanding {
  intent: string;
  confidence: number;
  slots: Record<string, string>;
}

/** The "understand" step of the pipeline. The NLU engine replaces the keyword version behind this interface. */
export interface Understander {
  understand(text: string, context: ConversationContext, tenant: { orderNumberPattern: string | null }): Promise<Understanding>;
}
