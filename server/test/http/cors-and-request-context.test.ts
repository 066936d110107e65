import Koa from 'koa';
import supertest from 'supertest';
import { createLogger, type Logger } from '../../src/logger';
import { corsForOrigins } from '../../src/http/cors-for-origins';
import { errorHandler } from '../../src/http/error-handler';
import type { KefuState } from '../../src/http-kit/koa-state';
import { requestContext } from '../../src/http/request-context';
import { captureLogger } from '../jobs/capture-logger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('corsForOrigins', () => {
  function buildApp(origins: string[]): Koa<KefuState> {
    const app = new Koa<KefuState>();
    app.use(corsForOrigins(origins));
    app.use((ctx) => {
      ctx.body = { ok: true };
    });
    return app;
  }

  it('answers an allowed origin with access-control-allow-origin', async () => {
    const res = await supertest(buildApp(['https://shop.example']).callback()).get('/api/web/x').set('Origin', 'https://shop.example');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(res.headers['access-control-expose-headers']).toContain('x-request-id');
  });

  it('gives another origin no CORS headers', async () => {
    for (const origin of ['https://evil.example', 'https://shop.example.evil.example', 'http://shop.example', 'null']) {
      const res = await supertest(buildApp(['https://shop.example']).callback()).get('/api/web/x').set('Origin', origin);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('answers a preflight from an allowed origin and ignores one from another origin', async () => {
    const app = buildApp(['https://shop.example']);
    const allowed = await supertest(app.callback())
      .options('/api/web/sessions')
      .set('Origin', 'https://shop.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,authorization');
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(allowed.headers['access-control-allow-headers']).toContain('authorization');
    expect(allowed.headers['access-control-allow-methods']).toContain('POST');

    const denied = await supertest(app.callback())
      .options('/api/web/sessions')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
    expect(denied.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('with no configured origins allows none', async () => {
    const res = await supertest(buildApp([]).callback()).get('/x').set('Origin', 'https://shop.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("'*' allows any origin, echoing it", async () => {
    const res = await supertest(buildApp(['*']).callback()).get('/x').set('Origin', 'https://anything.example');
    expect(res.headers['access-control-allow-origin']).toBe('https://anything.example');
  });
});

describe('requestContext', () => {
  function buildApp(logger: Logger = createLogger('silent')): Koa<KefuState> {
    const app = new Koa<KefuState>();
    app.use(requestContext(logger));
    app.use(errorHandler());
    app.use((ctx) => {
      if (ctx.path === '/missing') return;
      ctx.body = { requestId: ctx.state.requestId, hasLogger: typeof ctx.state.logger?.info === 'function' };
    });
    return app;
  }

  it('echoes a sane incoming X-Request-Id and exposes it to handlers', async () => {
    const res = await supertest(buildApp().callback()).get('/x').set('X-Request-Id', 'abc_1234-XYZ');
    expect(res.headers['x-request-id']).toBe('abc_1234-XYZ');
    expect(res.body).toEqual({ requestId: 'abc_1234-XYZ', hasLogger: true });
  });

  it('generates an id when none is sent', async () => {
    const first = await supertest(buildApp().callback()).get('/x');
    const second = await supertest(buildApp().callback()).get('/x');
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(first.body.requestId).toBe(first.headers['x-request-id']);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });

  it('replaces a malicious or malformed id with a generated one', async () => {
    for (const incoming of ['../../x', '../../etc/passwd', 'short', 'a'.repeat(65), 'abc12345 <script>', 'id\twith\ttabs-1234', '{"$gt":""}-12345678']) {
      const res = await supertest(buildApp().callback()).get('/x').set('X-Request-Id', incoming);
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    }
  });

  it('accepts ids at the length bounds', async () => {
    for (const incoming of ['a'.repeat(8), 'b'.repeat(64)]) {
      const res = await supertest(buildApp().callback()).get('/x').set('X-Request-Id', incoming);
      expect(res.headers['x-request-id']).toBe(incoming);
    }
  });

  it('logs one line per request with the id, method, path and final status', async () => {
    const { logger, lines } = captureLogger();
    await supertest(buildApp(logger).callback()).get('/x').set('X-Request-Id', 'log-line-0001');
    await supertest(buildApp(logger).callback()).get('/missing').set('X-Request-Id', 'log-line-0002');
    const requestLines = lines.filter((l) => l.msg === 'request');
    expect(requestLines).toHaveLength(2);
    expect(requestLines[0]).toMatchObject({ requestId: 'log-line-0001', method: 'GET', path: '/x', status: 200 });
    expect(requestLines[1]).toMatchObject({ requestId: 'log-line-0002', path: '/missing', status: 404 });
    expect(typeof requestLines[0].ms).toBe('number');
  });
});
