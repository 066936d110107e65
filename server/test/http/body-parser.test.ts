import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import supertest from 'supertest';
import { createLogger } from '../../src/logger';
import { bodyParser } from '../../src/http/body-parser';
import { errorHandler } from '../../src/http/error-handler';
import type { KefuState } from '../../src/http-kit/koa-state';
import { requestContext } from '../../src/http/request-context';

const LIMIT = 100;

function buildApp(): Koa<KefuState> {
  const app = new Koa<KefuState>();
  app.use(requestContext(createLogger('silent')));
  app.use(errorHandler());
  app.use(bodyParser(LIMIT));
  app.use((ctx) => {
    ctx.body = {
      parsed: ctx.request.body === undefined ? 'undefined' : ctx.request.body,
      raw: ctx.request.rawBody === undefined ? null : ctx.request.rawBody.toString('base64'),
    };
  });
  return app;
}

describe('bodyParser', () => {
  it('parses a JSON body and keeps its raw bytes', async () => {
    const json = '{"text":"你好","n":1}';
    const res = await supertest(buildApp().callback()).post('/x').set('Content-Type', 'application/json').send(json);
    expect(res.status).toBe(200);
    expect(res.body.parsed).toEqual({ text: '你好', n: 1 });
    expect(Buffer.from(res.body.raw as string, 'base64').toString('utf8')).toBe(json);
  });

  it('parses +json media types', async () => {
    const res = await supertest(buildApp().callback()).put('/x').set('Content-Type', 'application/merge-patch+json').send('{"a":true}');
    expect(res.status).toBe(200);
    expect(res.body.parsed).toEqual({ a: true });
  });

  it('answers malformed JSON with a 400 that says so', async () => {
    const res = await supertest(buildApp().callback()).post('/x').set('Content-Type', 'application/json').send('{"text": "unterminated');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain('malformed JSON');
  });

  it('answers a body over the limit with 413', async () => {
    const res = await supertest(buildApp().callback())
      .post('/x')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(LIMIT) }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('accepts a body exactly at the limit', async () => {
    const body = `{"t":"${'x'.repeat(LIMIT - 8)}"}`;
    expect(Buffer.byteLength(body)).toBe(LIMIT);
    const res = await supertest(buildApp().callback()).post('/x').set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(200);
  });

  it('answers an oversized chunked body (no Content-Length) with 413', async () => {
    const server: Server = buildApp().listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/x', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        for (let i = 0; i < 10; i += 1) req.write('x'.repeat(50));
        req.end();
      });
      expect(status).toBe(413);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('keeps a non-JSON XML body raw, byte for byte, without parsing it', async () => {
    // A WeChat-style XML webhook with GBK bytes (not valid UTF-8) inside: signatures cover these exact bytes.
    const xml = Buffer.concat([
      Buffer.from('<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Content><![CDATA['),
      Buffer.from([0xc4, 0xe3, 0xba, 0xc3]),
      Buffer.from(']]></Content></xml>\r\n'),
    ]);
    const res = await supertest(buildApp().callback()).post('/wechat').set('Content-Type', 'text/xml').send(xml);
    expect(res.status).toBe(200);
    expect(res.body.parsed).toBe('undefined');
    expect(Buffer.from(res.body.raw as string, 'base64').equals(xml)).toBe(true);
  });

  it('leaves an empty JSON body unparsed and GET requests unread', async () => {
    const empty = await supertest(buildApp().callback()).post('/x').set('Content-Type', 'application/json');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ parsed: 'undefined', raw: '' });
    const get = await supertest(buildApp().callback()).get('/x');
    expect(get.status).toBe(200);
    expect(get.body).toEqual({ parsed: 'undefined', raw: null });
  });
});
