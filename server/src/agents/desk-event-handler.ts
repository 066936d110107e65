import { LARK_CARD_ACTION_EVENT, LARK_MESSAGE_EVENT, larkCardActionPayloadSchema, larkConfigSchema, larkMessagePayloadSchema } from '@kefu/adapter-lark';
import type { PlatformEventHandler } from '../channels/platform-event-handler';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { handleDeskThreadMessage } from './desk-agent-reply';
import { handleDeskCardAction } from './desk-card-actions';

/** The Lark platform's event handler: card clicks and thread replies on the agents' desk. */
export function createDeskEventHandler(deps: PipelineDeps): PlatformEventHandler {
  return async (event, context) => {
    const desk = { account: context.account, config: larkConfigSchema.parse(context.config) };
    if (event.kind === LARK_CARD_ACTION_EVENT) return handleDeskCardAction(deps, desk, larkCardActionPayloadSchema.parse(event.payload));
    if (event.kind === LARK_MESSAGE_EVENT) await handleDeskThreadMessage(deps, desk, larkMessagePayloadSchema.parse(event.payload));
  };
}
