import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { createSessionBody, createSessionResponse, listMessagesResponse, postMessageBody, putCartBody, putCartResponse, webMessageSchema } from '@kefu/shared';

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorBody } } });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

/** The public API, generated from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(version: string): object {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'webSession', { type: 'http', scheme: 'bearer', description: 'token from POST /api/web/sessions' });

  registry.registerPath({
    method: 'post',
    path: '/api/web/sessions',
    summary: 'Start a shopper session (anonymous, or bound to a merchant-signed shopper token)',
    request: { body: json(createSessionBody) },
    responses: { 201: { description: 'session', ...json(createSessionResponse) }, 400: errorResponse('invalid body'), 401: errorResponse('invalid shopper token'), 404: errorResponse('unknown tenant') },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/web/messages',
    summary: 'Send a shopper message; idempotent on clientMessageId',
    security: [{ [bearer.name]: [] }],
    request: { body: json(postMessageBody) },
    responses: {
      201: { description: 'stored message', ...json(webMessageSchema) },
      200: { description: 'replayed clientMessageId: the original message', ...json(webMessageSchema) },
      400: errorResponse('invalid body'),
      401: errorResponse('missing or invalid session token'),
      404: errorResponse('unknown session'),
      413: errorResponse('body too large'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/web/messages',
    summary: 'Messages of this session after an id (shopper messages and replies)',
    security: [{ [bearer.name]: [] }],
    request: { query: z.object({ after: z.string().optional() }) },
    responses: { 200: { description: 'messages', ...json(listMessagesResponse) }, 401: errorResponse('missing or invalid session token'), 404: errorResponse('unknown session') },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/web/cart',
    summary: 'Report what is in the shopper\'s cart (SKUs and quantities; an empty list clears it); names and prices come from the catalog',
    security: [{ [bearer.name]: [] }],
    request: { body: json(putCartBody) },
    responses: {
      200: { description: 'the cart as stored', ...json(putCartResponse) },
      400: errorResponse('invalid body or unknown sku'),
      401: errorResponse('missing or invalid session token'),
      404: errorResponse('unknown session'),
      413: errorResponse('body too large'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/web/ws',
    summary: 'WebSocket (upgrade) pushing {type:"message"} and {type:"typing"} frames; ?token=<session token>',
    request: { query: z.object({ token: z.string() }) },
    responses: { 101: { description: 'switching protocols' }, 401: { description: 'invalid token' } },
  });
  for (const [path, summary] of [['/healthz', 'liveness'], ['/readyz', 'readiness: database, queue, vector store']] as const) {
    registry.registerPath({ method: 'get', path, summary, responses: { 200: { description: 'ok' }, 503: { description: 'not ready' } } });
  }

  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: { title: 'Kefu public API', version, description: 'Shopper-facing web channel of Kefu.' },
  });
}
