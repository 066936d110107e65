import { ConflictError } from '@kefu/shared';
import { retryOnConflict } from '../../db/retry-on-conflict';
import { Conversation } from '../models';
import { ConversationRating } from './models';

export interface RatingInput {
  tenantId: number;
  channelIdentityId: number;
  score: number;
  comment?: string;
}

/**
 * Rates the shopper's most recent conversation. Rating twice (a changed mind, a double tap)
 * replaces the score rather than adding a second one, so analytics count one rating per conversation.
 */
export async function rateLatestConversation(input: RatingInput): Promise<ConversationRating> {
  const { tenantId, channelIdentityId } = input;
  const conversation = await Conversation.findOne({ where: { tenantId, channelIdentityId }, order: [['id', 'DESC']] });
  if (!conversation) throw new ConflictError('there is no conversation to rate yet: send a message first');
  const values = { score: input.score, comment: input.comment?.trim() || null };
  return retryOnConflict(async () => {
    const existing = await ConversationRating.findOne({ where: { tenantId, conversationId: conversation.id } });
    if (existing) return existing.update(values);
    return ConversationRating.create({ tenantId, conversationId: conversation.id, ...values });
  });
}

export async function findConversationRating(tenantId: number, conversationId: number): Promise<ConversationRating | null> {
  return ConversationRating.findOne({ where: { tenantId, conversationId } });
}
