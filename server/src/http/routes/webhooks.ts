import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { z } from 'zod';
import type { WebhookRequest } from '@kefu/shared';
import type { ChannelServices } from '../../channels/channel-services';
import { handleWebhook } from '../../channels/webhook-handler';
import type { PipelineDeps } from '../../pipeline/pipeline-deps';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';

/** Platform pushes are small (WeChat caps a message at a few KB); a bigger body is not a platform's. */
export const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;

const webhookParams = z.object({
  platform: z.string().min(1).max(32),
  channelAccountId: z.coerce.number().int().positive(),
});

/** The request as the protocol sees it: lower-case headers, single-valued query, the exact bytes received. */
function toWebhookRequest(ctx: ParameterizedContext<KefuState>): WebhookRequest {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') query[name] = first;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: ctx.method === 'GET' ? 'GET' : 'POST', query, headers, rawBody: ctx.request.rawBody ?? Buffer.alloc(0), receivedAt: new Date() };
}

/**
 * `GET|POST /webhooks/:platform/:channelAccountId`: platform pushes and URL-verification handshakes.
 * The body limit and raw-body keeping are the app's body parser's; everything else is handleWebhook.
 */
export function createWebhookRouter(deps: PipelineDeps, services: ChannelServices): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/webhooks' });
  const handle = async (ctx: ParameterizedContext<KefuState>) => {
    const { platform, channelAccountId } = parseInput(webhookParams, ctx.params, 'params');
    const response = await handleWebhook(deps, services, platform, channelAccountId, toWebhookRequest(ctx));
    ctx.status = response.status;
    ctx.type = response.contentType ?? 'text/plain; charset=utf-8';
    ctx.body = response.body;
  };
  router.get('/:platform/:channelAccountId', handle);
  router.post('/:platform/:channelAccountId', handle);
  return router;
}
