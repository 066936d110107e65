import { buildHandoffCard } from '@kefu/adapter-lark';
import { findConversation } from '../conversations/conversation-service';
import { retryOnConflict } from '../db/retry-on-conflict';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { deskApi, findDeskAccount } from './desk-account';
import { buildHandoffCardView } from './handoff-card-view';
import { DeskTicket } from './models';

/**
 * Opens a ticket for an escalation and posts its card to the merchant's Lark group. Idempotent: the
 * ticket is unique per handoff message, and the card is sent with the ticket's uuid, so a retried
 * job neither opens a second ticket nor posts a second card.
 */
export async function postHandoffCard(deps: PipelineDeps, tenantId: number, conversationId: number, handoffMessageId: number): Promise<void> {
  const desk = await findDeskAccount(deps, tenantId);
  const conversation = await findConversation(tenantId, conversationId);
  if (!desk || !conversation) {
    deps.runtime.logger.info({ tenantId, conversationId }, 'handoff without a Lark desk: agents see it in the console only');
    return;
  }
  const ticket = await retryOnConflict(async () => {
    const existing = await DeskTicket.findOne({ where: { tenantId, handoffMessageId } });
    return existing ?? DeskTicket.create({ tenantId, conversationId, handoffMessageId, deskAccountId: desk.account.id, chatId: desk.config.agentChatId, cardMessageId: null, status: 'waiting' });
  });
  if (ticket.cardMessageId) return;
  const card = buildHandoffCard(await buildHandoffCardView(ticket, conversation));
  const cardMessageId = await deskApi(deps, desk.config).postCard(ticket.chatId, card, `kefu-ticket-${ticket.id}`);
  await ticket.update({ cardMessageId });
  await deps.runtime.events.emit({ tenantId, type: 'desk.card_posted', conversationId, messageId: handoffMessageId, payload: { ticketId: ticket.id, platform: 'lark' } });
}
