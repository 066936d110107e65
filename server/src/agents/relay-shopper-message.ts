import { Op } from 'sequelize';
import { findMessage } from '../conversations/conversation-service';
import { maskSensitiveText } from '../privacy/mask';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { deskApi, findDeskAccount } from './desk-account';
import { DeskTicket } from './models';

/** While a person has the conversation, what the shopper says next appears in the card's thread. */
export async function relayShopperMessage(deps: PipelineDeps, tenantId: number, conversationId: number, messageId: number): Promise<void> {
  const ticket = await DeskTicket.findOne({ where: { tenantId, conversationId, status: { [Op.ne]: 'closed' } }, order: [['id', 'DESC']] });
  const message = await findMessage(tenantId, messageId);
  if (!ticket || !message) return;
  // The card may still be on its way (its job runs beside this one): let the queue retry shortly.
  if (!ticket.cardMessageId) throw new Error(`ticket ${ticket.id} has no card yet`);
  const desk = await findDeskAccount(deps, tenantId);
  if (!desk) return;
  await deskApi(deps, desk.config).replyText(ticket.cardMessageId, `客户：${maskSensitiveText(message.text)}`, `kefu-relay-${message.id}`);
}
