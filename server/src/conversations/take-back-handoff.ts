import { Op } from 'sequelize';
import { withdrawsHandoff } from '../nlu/dialogue/request-words';
import { Message, type Conversation } from './models';

/**
 * A shopper who asked for a person and, before any agent answered, says "不用了 …" takes the
 * conversation back: it returns to the bot, which answers the rest of the message. Once an agent has
 * written in the conversation since the bot's last reply, the person keeps it.
 */
export async function takeBackHandoff(conversation: Conversation, text: string): Promise<boolean> {
  if (conversation.status !== 'handoff' || !withdrawsHandoff(text)) return false;
  const lastBot = await Message.findOne({ where: { tenantId: conversation.tenantId, conversationId: conversation.id, role: 'bot' }, order: [['id', 'DESC']], attributes: ['id'] });
  const agentSince = await Message.count({ where: { tenantId: conversation.tenantId, conversationId: conversation.id, role: 'agent', id: { [Op.gt]: lastBot?.id ?? 0 } } });
  if (agentSince > 0) return false;
  await conversation.update({ status: 'open' });
  return true;
}
