import Router from '@koa/router';
import { z } from 'zod';
import { authenticateWebSession } from '../../channels/web-sessions';
import { Conversation } from '../../conversations/models';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';
import type { Runtime } from '../../runtime';
import { FEEDBACK_RATINGS } from '../answer/answer-models';
import { feedbackChanged } from '../answer/knowledge-for-runtime';
import { recordFeedback } from './record-feedback';

const params = z.object({ id: z.coerce.number().int().positive() });
const body = z.strictObject({ rating: z.enum(FEEDBACK_RATINGS), comment: z.string().trim().max(500).optional() });

/** POST /api/web/messages/:id/feedback: the shopper's 👍/👎 on one reply in their own conversation. */
export function createWebFeedbackRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/web' });
  router.post('/messages/:id/feedback', async (ctx) => {
    const session = await authenticateWebSession(runtime, ctx.get('authorization'));
    const { id } = parseInput(params, ctx.params, 'params');
    const input = parseInput(body, ctx.request.body, 'body');
    const tenantId = session.claims.tenantId;
    const feedback = await recordFeedback({
      tenantId,
      messageId: id,
      rater: 'shopper',
      rating: input.rating,
      comment: input.comment,
      // Only the shopper's own conversations: another shopper's message is "not found".
      conversationFilter: async (conversationId) => Boolean(await Conversation.findOne({ where: { tenantId, id: conversationId, channelIdentityId: session.identity.id }, attributes: ['id'] })),
    });
    await feedbackChanged(runtime, tenantId);
    ctx.status = 201;
    ctx.body = { messageId: String(feedback.messageId), rating: feedback.rating };
  });
  return router;
}
