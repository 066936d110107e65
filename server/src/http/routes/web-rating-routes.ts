import Router from '@koa/router';
import { postRatingBody } from '@kefu/shared';
import { authenticateWebSession } from '../../channels/web-sessions';
import { rateLatestConversation } from '../../conversations/ratings/rating-service';
import type { Runtime } from '../../runtime';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';

/** POST /api/web/ratings: the shopper rates their latest conversation (the chat's end-of-conversation stars). */
export function createWebRatingRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/web' });
  router.post('/ratings', async (ctx) => {
    const session = await authenticateWebSession(runtime, ctx.get('authorization'));
    const body = parseInput(postRatingBody, ctx.request.body, 'body');
    const rating = await rateLatestConversation({ tenantId: session.claims.tenantId, channelIdentityId: session.identity.id, score: body.score, comment: body.comment });
    ctx.status = 201;
    ctx.body = { conversationId: String(rating.conversationId), score: rating.score, comment: rating.comment };
  });
  return router;
}
