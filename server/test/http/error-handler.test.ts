import Koa from 'koa';
import supertest from 'supertest';
import { NotFoundError, RateLimitedError, ValidationError } from '@kefu/shared';
import { createLogger, type Logger } from '../../src/logger';
import { errorHandler } from '../../src/http/error-handler';
import type { KefuState } from '../../src/http-kit/koa-state';
import { requestContext } from '../../src/http/request-context';
import { captureLogger } from '../jobs/capture-logger';

function buildApp(logger: Logger = createLogger('silent')): Koa<KefuState> {
  const app = new Koa<KefuState>();
  app.use(requestContext(logger));
  app.use(errorHandler());
  app.use(async (ctx, next) => {
    switch (ctx.path) {
      case '/ok':
        ctx.body = { ok: true };
        return;
      case '/missing':
        throw new NotFoundError('order A123 not found');
      case '/invalid':
        throw new ValidationError('text must not be empty', [{ path: 'text' }]);
      case '/limited':
        throw new RateLimitedError(17);
      case '/boom':
        throw new Error('connect ECONNREFUSED mysql://root:hunter2@10.0.0.5/kefu');
      case '/boom-async':
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new TypeError('Cannot read properties of undefined (reading secretField)');
      default:
        return next();
    }
  });
  return app;
}

describe('errorHandler', () => {
  it('passes successful responses through', async () => {
    const res = await supertest(buildApp().callback()).get('/ok');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('maps a NotFoundError to a 404 JSON answer with its code and message', async () => {
    const res = await supertest(buildApp().callback()).get('/missing');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'order A123 not found' } });
  });

  it('includes details of a validation error', async () => {
    const res = await supertest(buildApp().callback()).get('/invalid');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_request', message: 'text must not be empty', details: [{ path: 'text' }] } });
  });

  it('sets Retry-After for a rate-limited error', async () => {
    const res = await supertest(buildApp().callback()).get('/limited');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('17');
    expect(res.body.error.code).toBe('rate_limited');
  });

  it('answers an unexpected error with a generic 500 that does not leak the error text', async () => {
    for (const path of ['/boom', '/boom-async']) {
      const res = await supertest(buildApp().callback()).get(path).set('X-Request-Id', 'req-boom-0001');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: 'internal_error', message: 'internal server error', requestId: 'req-boom-0001' } });
      expect(res.text).not.toContain('hunter2');
      expect(res.text).not.toContain('ECONNREFUSED');
      expect(res.text).not.toContain('secretField');
      expect(res.text).not.toContain('at ');
    }
  });

  it('logs the unexpected error with its stack and the request id', async () => {
    const { logger, lines } = captureLogger();
    await supertest(buildApp(logger).callback()).get('/boom').set('X-Request-Id', 'req-boom-0002');
    const line = lines.find((l) => l.msg === 'unhandled error');
    expect(line).toBeDefined();
    expect(line?.requestId).toBe('req-boom-0002');
    expect((line?.err as { stack?: string }).stack).toContain('ECONNREFUSED');
    const requestLine = lines.find((l) => l.msg === 'request');
    expect(requestLine).toMatchObject({ status: 500, path: '/boom', requestId: 'req-boom-0002' });
  });

  it('answers an unknown route with a 404 JSON body', async () => {
    const res = await supertest(buildApp().callback()).post('/nope/deeper');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'no route for POST /nope/deeper' } });
  });
});
