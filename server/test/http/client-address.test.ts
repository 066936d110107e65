import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { parseConfig } from '@kefu/shared';
import { createLogger } from '../../src/logger';
import { clientAddress, parseProxyTrust } from '../../src/http/client-address';
import { errorHandler } from '../../src/http/error-handler';
import type { KefuState } from '../../src/http-kit/koa-state';
import { rateLimit } from '../../src/http/rate-limit';
import { requestContext } from '../../src/http/request-context';

/**
 * The client address behind (or without) proxies. Requests go over a real socket from 127.0.0.1, so
 * "the socket address" is loopback and a spoofed X-Forwarded-For is whatever the test sends.
 */
function buildApp(trustedProxies: string, pointsPerMinute = 1000): Koa<KefuState> {
  const trust = parseProxyTrust(parseConfig({ TRUSTED_PROXIES: trustedProxies }).TRUSTED_PROXIES);
  const app = new Koa<KefuState>({ proxy: trust.kind !== 'none' });
  app.use(clientAddress(trust));
  app.use(requestContext(createLogger('silent')));
  app.use(errorHandler());
  app.use(rateLimit({ pointsPerMinute, keyPrefix: 'client-address' }));
  app.use((ctx) => {
    ctx.body = { ip: ctx.ip };
  });
  return app;
}

async function listen(app: Koa<KefuState>): Promise<{ server: Server; port: number }> {
  const handle = app.callback();
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as AddressInfo).port };
}

function get(port: number, forwardedFor?: string): Promise<{ status: number; ip?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/api/x', headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ip: res.statusCode === 200 ? (JSON.parse(body) as { ip: string }).ip : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('client address and trusted proxies', () => {
  const servers: Server[] = [];
  const start = async (trustedProxies: string, pointsPerMinute?: number) => {
    const { server, port } = await listen(buildApp(trustedProxies, pointsPerMinute));
    servers.push(server);
    return port;
  };
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('by default ignores X-Forwarded-For: the socket address is the client', async () => {
    const port = await start('none');
    expect((await get(port, '203.0.113.9')).ip).toMatch(/127\.0\.0\.1$/);
  });

  it('a client cannot escape its rate-limit budget by inventing X-Forwarded-For addresses', async () => {
    const port = await start('none', 3);
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await get(port, `198.51.100.${i + 1}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('behind one trusted hop, the address that hop appended is the client, not what the client wrote before it', async () => {
    const port = await start('1');
    // The client wrote "6.6.6.6"; our load balancer appended the address it saw, 203.0.113.7.
    expect((await get(port, '6.6.6.6, 203.0.113.7')).ip).toBe('203.0.113.7');
  });

  it('with proxy addresses, walks outwards through trusted proxies only', async () => {
    const port = await start('loopback,10.0.0.0/8');
    // socket 127.0.0.1 (trusted) ← 10.1.2.3 (trusted) ← 203.0.113.50 (the client); the first entry is the client's own claim.
    expect((await get(port, '6.6.6.6, 203.0.113.50, 10.1.2.3')).ip).toBe('203.0.113.50');
    const untrustedSocket = await start('10.0.0.0/8');
    expect((await get(untrustedSocket, '203.0.113.50')).ip).toMatch(/127\.0\.0\.1$/);
  });

  it('rejects a malformed setting at boot, naming it', () => {
    expect(() => parseConfig({ TRUSTED_PROXIES: 'everyone' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseConfig({ TRUSTED_PROXIES: '10.0.0.0/99' })).toThrow(/TRUSTED_PROXIES/);
    expect(parseConfig({}).TRUSTED_PROXIES).toBe('none');
  });
});
