import Router from '@koa/router';
import { createSessionBody, listMessagesQuery, postMessageBody } from '@kefu/shared';
import { toWebMessage } from '../../channels/web-message-view';
import { authenticateWebSession, startWebSession } from '../../channels/web-sessions';
import { listIdentityMessages } from '../../conversations/conversation-service';
import { recordIdentityIp } from '../../customers/identity-service';
import { acceptInbound } from '../../pipeline/accept-inbound';
import type { PipelineDeps } from '../../pipeline/pipeline-deps';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';

/** The public shopper API of the web/H5 channel (documented in /openapi.json). */
export function createWebRouter(deps: PipelineDeps): Router<KefuState> {
  const { runtime } = deps;
  const router = new Router<KefuState>({ prefix: '/api/web' });

  router.post('/sessions', async (ctx) => {
    const body = parseInput(createSessionBody, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await startWebSession(runtime, body.tenantKey, body.shopperToken, ctx.ip);
  });

  router.post('/messages', async (ctx) => {
    const session = await authenticateWebSession(runtime, ctx.get('authorization'));
    const body = parseInput(postMessageBody, ctx.request.body, 'body');
    const { claims } = session;
    // Before the message is queued, so the worker counting failed order proofs sees this address.
    await recordIdentityIp(session.identity, ctx.ip);
    const { message, duplicate } = await acceptInbound(deps, claims.tenantId, {
      channelAccountId: String(claims.channelAccountId),
      platform: 'web',
      // Client ids are only unique per session, so they are namespaced by the session's identity.
      platformMessageId: `${claims.externalId}:${body.clientMessageId}`,
      externalUserId: claims.externalId,
      kind: 'text',
      text: body.text,
      sentAt: new Date().toISOString(),
    }, session.identity.id);
    ctx.status = duplicate ? 200 : 201;
    ctx.body = toWebMessage(message, claims.externalId);
  });

  router.get('/messages', async (ctx) => {
    const session = await authenticateWebSession(runtime, ctx.get('authorization'));
    const query = parseInput(listMessagesQuery, ctx.query, 'query');
    const messages = await listIdentityMessages(session.claims.tenantId, session.identity.id, Number(query.after ?? 0));
    ctx.body = { messages: messages.map((m) => toWebMessage(m, session.claims.externalId)) };
  });

  return router;
}
