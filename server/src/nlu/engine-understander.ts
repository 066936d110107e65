import type { ConversationContext } from '../conversations/models';
import { readDialogContext } from './engine/dialog-context';
import type { NluService } from './nlu-service';
import type { Understander, Understanding, UnderstandingTenant } from './understander';

/** The pipeline's "understand" step backed by the NLU engine; context round-trips through the conversation row. */
export class EngineUnderstander implements Understander {
  constructor(private readonly nlu: NluService) {}

  async understand(text: string, context: ConversationContext, tenant: UnderstandingTenant): Promise<Understanding> {
    const engine = await this.nlu.engineFor(tenant);
    const dialog = readDialogContext(context.dialog);
    const { result, context: next } = engine.parse(text, dialog);
    return {
      intent: result.intent,
      confidence: result.confidence,
      slots: result.slots,
      carried: result.carried,
      normalized: result.normalized,
      sentiment: result.sentiment,
      needs: result.needs,
      context: { ...context, dialog: next },
    };
  }
}
