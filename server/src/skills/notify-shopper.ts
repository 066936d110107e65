import { storeReply, findMessage, findConversation } from '../conversations/conversation-service';
import type { Runtime } from '../runtime';
import type { SkillReply } from './skill-context';

/** Follow-ups are stored as replies with this index, so a re-run finds the one already stored. */
const FOLLOW_UP_REPLY_INDEX = 90;

/** Stores a later answer to the shopper's message (once, by its reply index) and queues it for delivery. */
export async function notifyShopper(runtime: Runtime, tenantId: number, inboundMessageId: number, reply: SkillReply): Promise<void> {
  const inbound = await findMessage(tenantId, inboundMessageId);
  if (!inbound || !(await findConversation(tenantId, inbound.conversationId))) return;
  const stored = await storeReply(inbound, FOLLOW_UP_REPLY_INDEX, { role: 'bot', text: reply.text, cards: reply.cards, intent: inbound.intent ?? undefined });
  await runtime.queues.outbound.add({ messageId: String(stored.id), tenantId: String(tenantId) }, { jobId: `out:${stored.id}` });
}
