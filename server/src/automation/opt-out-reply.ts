import type { Runtime } from '../runtime';
import { isOptOutRequest, setOptOut } from './opt-out';

export interface OptOutReply {
  text: string;
  cards: [];
  action: 'proactive_opt_out';
}

/**
 * A shopper saying 退订 / 不要再发 is answered at once and recorded, so the very next proactive
 * scan already leaves them alone. Null when the message is not an opt-out.
 */
export async function replyToOptOut(
  runtime: Pick<Runtime, 'audit'> | undefined,
  input: { tenantId: number; customerId: number; text: string; messageId?: number },
): Promise<OptOutReply | null> {
  if (!runtime || !isOptOutRequest(input.text)) return null;
  await setOptOut(input.tenantId, input.customerId, true, 'shopper', runtime.audit, { actorType: 'shopper', actorId: input.customerId, messageId: input.messageId });
  return { text: '好的，已为您退订，之后不会再主动给您发送提醒和优惠消息。如有需要，随时给我们留言。', cards: [], action: 'proactive_opt_out' };
}
