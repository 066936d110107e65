import { createReply, setMessageStatus, updateConversation, type ConversationChanges, type MessageStatusExtra, type ReplyInput } from '../conversations/conversation-service';
import type { Message, MessageStatus } from '../conversations/models';
import type { KnowledgeDecision } from '../knowledge/answer/answer-from-knowledge';
import { recordKnowledgeAnswer } from '../knowledge/answer/record-knowledge-answer';
import type { PipelineDeps } from './pipeline-deps';
import type { Turn } from './turn';

export interface TurnOutcome {
  /** The shopper message's end state: answered (with or without a reply) or failed for good. */
  status: Extract<MessageStatus, 'answered' | 'failed'>;
  message: MessageStatusExtra;
  conversation: Omit<ConversationChanges, 'lastMessageAt'>;
  reply?: ReplyInput & { knowledge?: KnowledgeDecision };
}

/**
 * Everything a turn writes, in one transaction: the reply (and what the knowledge step decided),
 * the message's status, the conversation's state and the turn's buffered events. Either all of it
 * is stored or none: a re-run job finds the message answered, or finds nothing and answers again.
 */
export async function storeTurn(deps: PipelineDeps, turn: Turn, outcome: TurnOutcome): Promise<Message | null> {
  const { message, conversation } = turn;
  const conversationChanges: ConversationChanges = { ...outcome.conversation, lastMessageAt: message.createdAt };
  if (conversation.customerId !== turn.customerId) conversationChanges.customerId = turn.customerId;
  return deps.runtime.db.sequelize.transaction(async (transaction) => {
    const reply = outcome.reply ? await createReply(message, 0, outcome.reply, transaction) : null;
    if (outcome.reply?.knowledge) await recordKnowledgeAnswer(message, reply, outcome.reply.knowledge, transaction);
    await setMessageStatus(message, outcome.status, outcome.message, transaction);
    await updateConversation(conversation, conversationChanges, transaction);
    await deps.runtime.events.emitAll(turn.events, transaction);
    return reply;
  });
}
