import type { ConversationContext } from '../conversations/models';
import { readDialogContext } from './engine/dialog-context';
import type { LlmIntentFallback } from './llm/llm-intent-fallback';
import { shouldAskModel } from './llm/should-ask-model';
import { STANDARD_INTENT_DESCRIPTIONS } from './llm/standard-intent-descriptions';
import type { NluService } from './nlu-service';
import type { Understander, Understanding, UnderstandingTenant } from './understander';

/** The pipeline's "understand" step backed by the NLU engine; context round-trips through the conversation row. */
export class EngineUnderstander implements Understander {
  constructor(
    private readonly nlu: NluService,
    /** Optional: an OpenAI-compatible model asked only about turns the local engine is unsure of. */
    private readonly fallback?: LlmIntentFallback,
  ) {}

  async understand(text: string, context: ConversationContext, tenant: UnderstandingTenant): Promise<Understanding> {
    const engine = await this.nlu.engineFor(tenant);
    const dialog = readDialogContext(context.dialog);
    const { result, context: next } = engine.parse(text, dialog);
    let { intent, confidence } = result;
    if (this.fallback && shouldAskModel(confidence)) {
      const allowed = [...STANDARD_INTENT_DESCRIPTIONS, ...(await this.nlu.merchantIntentDescriptions(tenant.id))];
      // The fallback masks personal data itself and answers null on any failure: the local answer stands.
      const answer = await this.fallback.classify(text, allowed, { lastIntent: dialog.lastIntent });
      if (answer) ({ intent, confidence } = answer);
    }
    return {
      intent,
      confidence,
      slots: result.slots,
      carried: result.carried,
      normalized: result.normalized,
      sentiment: result.sentiment,
      needs: result.needs,
      confirmation: result.confirmation,
      reading: result.reading,
      question: result.question,
      context: { ...context, dialog: next },
    };
  }
}
