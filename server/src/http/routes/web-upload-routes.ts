import Router from '@koa/router';
import { z } from 'zod';
import { KefuError, postImageMessageBody, uploadImageTypes } from '@kefu/shared';
import { toWebMessage } from '../../channels/web-message-view';
import { authenticateWebSession } from '../../channels/web-sessions';
import { assertUploadExists, readUpload, storeUpload, uploadUrl } from '../../channels/web-uploads';
import { acceptInbound } from '../../pipeline/accept-inbound';
import type { PipelineDeps } from '../../pipeline/pipeline-deps';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';

const uploadHeaders = z.object({
  'content-type': z.string().transform((value) => value.split(';')[0].trim().toLowerCase()).pipe(z.enum(uploadImageTypes, { message: `content-type must be one of ${uploadImageTypes.join(', ')}` })),
});
const uploadParams = z.object({
  tenantId: z.string().regex(/^\d+$/, 'tenantId must be a number'),
  uploadId: postImageMessageBody.shape.uploadId,
});

/**
 * Shopper images on the web channel: POST /api/web/uploads takes the raw bytes (no multipart, so
 * mini-programs send them with request() as an ArrayBuffer), POST /api/web/messages/images sends
 * one as a message, and GET serves it back. Serving needs no session because <img> cannot send a
 * bearer token; the random id is the capability, and the tenant in the path scopes the lookup.
 */
export function createWebUploadRouter(deps: PipelineDeps): Router<KefuState> {
  const { runtime } = deps;
  const dataDir = runtime.config.KEFU_DATA_DIR;
  const router = new Router<KefuState>({ prefix: '/api/web' });

  router.post('/uploads', async (ctx) => {
    const { claims } = await authenticateWebSession(runtime, ctx.get('authorization'));
    const headers = uploadHeaders.safeParse({ 'content-type': ctx.get('content-type') });
    if (!headers.success) throw new KefuError(415, 'unsupported_media_type', headers.error.issues.map((i) => i.message).join('; '));
    ctx.status = 201;
    ctx.body = await storeUpload(dataDir, claims.tenantId, headers.data['content-type'], ctx.request.rawBody ?? Buffer.alloc(0));
  });

  router.post('/messages/images', async (ctx) => {
    const { claims } = await authenticateWebSession(runtime, ctx.get('authorization'));
    const body = parseInput(postImageMessageBody, ctx.request.body, 'body');
    await assertUploadExists(dataDir, claims.tenantId, body.uploadId);
    const { message, duplicate } = await acceptInbound(deps, claims.tenantId, {
      channelAccountId: String(claims.channelAccountId),
      platform: 'web',
      platformMessageId: `${claims.externalId}:${body.clientMessageId}`,
      externalUserId: claims.externalId,
      kind: 'image',
      // Like the other channels' image messages, the text is the picture's URL.
      text: uploadUrl(claims.tenantId, body.uploadId),
      sentAt: new Date().toISOString(),
    });
    ctx.status = duplicate ? 200 : 201;
    ctx.body = toWebMessage(message, claims.externalId);
  });

  router.get('/uploads/:tenantId/:uploadId', async (ctx) => {
    const params = parseInput(uploadParams, ctx.params, 'params');
    const { bytes, contentType } = await readUpload(dataDir, Number(params.tenantId), params.uploadId);
    ctx.type = contentType;
    ctx.set('cache-control', 'private, max-age=86400, immutable');
    ctx.body = bytes;
  });

  return router;
}
