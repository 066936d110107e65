import { NotFoundError, ValidationError } from '@kefu/shared';
import { Message } from '../../conversations/models';
import { KnowledgeFeedback, type FeedbackRating } from '../answer/answer-models';

export interface FeedbackInput {
  tenantId: number;
  messageId: number;
  /** 'shopper', or 'agent:<userId>' for a console user. */
  rater: string;
  rating: FeedbackRating;
  comment?: string | null;
  /** For shoppers: the message must be in one of this identity's conversations. */
  conversationFilter?: (conversationId: number) => Promise<boolean>;
}

/**
 * A thumbs up/down on a bot or agent reply. One vote per rater per message; voting again replaces
 * the vote (a shopper who misclicked can change their mind). Shopper messages cannot be rated.
 */
export async function recordFeedback(input: FeedbackInput): Promise<KnowledgeFeedback> {
  const message = await Message.findOne({ where: { tenantId: input.tenantId, id: input.messageId } });
  // Another tenant's or another shopper's message answers like a missing one: no probing.
  if (!message || (input.conversationFilter && !(await input.conversationFilter(message.conversationId)))) throw new NotFoundError('message not found');
  if (message.role !== 'bot' && message.role !== 'agent') throw new ValidationError('only replies (bot or agent) can be rated');
  const existing = await KnowledgeFeedback.findOne({ where: { tenantId: input.tenantId, messageId: message.id, rater: input.rater } });
  if (existing) return existing.update({ rating: input.rating, comment: input.comment ?? null });
  return KnowledgeFeedback.create({ tenantId: input.tenantId, conversationId: message.conversationId, messageId: message.id, rater: input.rater, rating: input.rating, comment: input.comment ?? null });
}
