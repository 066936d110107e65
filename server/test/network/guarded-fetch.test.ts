import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedFetch, OutboundBlockedError } from '../../src/network/guarded-fetch';
import { isPublicAddress, outboundPolicy, setOutboundPolicy } from '../../src/network/outbound-policy';

/** Tenant-set URLs may reach public addresses only (plus what the operator allow-lists), and never by a redirect. */
describe('outbound policy', () => {
  it.each(['10.1.2.3', '172.16.0.9', '192.168.1.1', '127.0.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1'])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('allow-lists what the operator names, and nothing else', () => {
    const policy = outboundPolicy('10.0.0.0/8,loopback');
    expect(policy.allows('10.9.9.9')).toBe(true);
    expect(policy.allows('127.0.0.1')).toBe(true);
    expect(policy.allows('192.168.0.1')).toBe(false);
    expect(outboundPolicy('').allows('127.0.0.1')).toBe(false);
  });
});

describe('guardedFetch against local servers', () => {
  const servers: Server[] = [];
  const hits: string[] = [];
  async function serve(handler: Parameters<typeof createServer>[1]): Promise<number> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return (server.address() as AddressInfo).port;
  }
  let target: number;
  let redirecting: number;

  beforeAll(async () => {
    target = await serve((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    redirecting = await serve((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${target}/secret` }).end());
  });
  afterEach(() => setOutboundPolicy(outboundPolicy('')));
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('refuses a literal private address before connecting', async () => {
    setOutboundPolicy(outboundPolicy(''));
    await expect(guardedFetch(`http://127.0.0.1:${target}/x`)).rejects.toThrow(OutboundBlockedError);
    expect(hits).not.toContain('/x');
  });

  it('refuses a name that resolves to a private address, checked on the address it would dial', async () => {
    setOutboundPolicy(outboundPolicy(''));
    await expect(guardedFetch(`http://localhost:${target}/by-name`)).rejects.toThrow(/resolves to .*not a public address/);
    expect(hits).not.toContain('/by-name');
  });

  it('reaches an allow-listed network', async () => {
    setOutboundPolicy(outboundPolicy('loopback'));
    const response = await guardedFetch(`http://localhost:${target}/allowed`);
    expect(await response.json()).toEqual({ ok: true });
    expect(hits).toContain('/allowed');
  });

  it('never follows a redirect, even to an allowed address', async () => {
    setOutboundPolicy(outboundPolicy('loopback'));
    await expect(guardedFetch(`http://127.0.0.1:${redirecting}/start`)).rejects.toThrow(/redirect/);
    expect(hits).not.toContain('/secret');
  });
});
