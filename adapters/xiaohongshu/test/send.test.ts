import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemorySharedCache, type OutboundMessage, type SendContext } from '@kefu/shared';
import { xiaohongshuConfigSchema, xiaohongshuProtocol, type XiaohongshuConfig } from '../src';

/** A local send API of the WeChat shape the config assumes: client-credential token, then a JSON send. */
class WechatShapedApi {
  readonly calls: Array<{ path: string; query: URLSearchParams; body: string }> = [];
  readonly validTokens = new Set<string>();
  sendErrcode = 0;
  private issued = 0;
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        this.calls.push({ path: url.pathname, query: url.searchParams, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        if (url.pathname === '/api/token') {
          if (url.searchParams.get('secret') !== 'xhs-secret') return res.end(JSON.stringify({ errcode: 40125, errmsg: 'invalid appsecret' }));
          this.issued += 1;
          const token = `xhs-token-${this.issued}`;
          this.validTokens.add(token);
          return res.end(JSON.stringify({ access_token: token, expires_in: 7200 }));
        }
        if (url.pathname === '/api/custom/send') {
          if (!this.validTokens.has(url.searchParams.get('access_token') ?? '')) return res.end(JSON.stringify({ errcode: 42001, errmsg: 'access_token expired' }));
          return res.end(JSON.stringify(this.sendErrcode ? { errcode: this.sendErrcode, errmsg: 'refused' } : { errcode: 0, errmsg: 'ok' }));
        }
        res.end(JSON.stringify({ errcode: 404, errmsg: 'no such api' }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('xiaohongshu send', () => {
  const api = new WechatShapedApi();
  let base: XiaohongshuConfig;
  beforeAll(async () => {
    base = xiaohongshuConfigSchema.parse({ apiBaseUrl: await api.start(), appId: 'xhs-mp-1', appSecret: 'xhs-secret', token: 't', encodingAesKey: 'kefuXhsTestEncodingAesKey0123456789abcdefgh', sendApi: { tokenPath: '/api/token', sendPath: '/api/custom/send' } });
  });
  afterAll(() => api.stop());
  beforeEach(() => {
    api.calls.length = 0;
    api.sendErrcode = 0;
  });
  const context = (config: XiaohongshuConfig, cache = new InMemorySharedCache()): SendContext<XiaohongshuConfig> => ({ config, cache, fetch, now: () => new Date() });
  const reply: OutboundMessage = { messageId: '1', conversationId: '1', channelAccountId: '5', externalUserId: 'xhs_user_5f1e2d3c4b', role: 'bot', text: '有现货，今天下单明天发', cards: [] };

  it('without a configured send API, fails permanently and says why, calling nothing', async () => {
    const withoutSend: XiaohongshuConfig = { ...base, sendApi: undefined };
    await expect(xiaohongshuProtocol.send(reply, context(withoutSend))).resolves.toMatchObject({ status: 'failed', retryable: false, code: 'send_api_not_configured' });
    expect(api.calls).toHaveLength(0);
  });

  it('with one, fetches a token once, sends the WeChat-shaped body, and renews a token the API calls expired', async () => {
    const cache = new InMemorySharedCache();
    await expect(xiaohongshuProtocol.send(reply, context(base, cache))).resolves.toEqual({ status: 'sent', platformMessageId: undefined });
    await expect(xiaohongshuProtocol.send(reply, context(base, cache))).resolves.toMatchObject({ status: 'sent' });
    expect(api.calls.filter((call) => call.path === '/api/token')).toHaveLength(1);
    expect(JSON.parse(api.calls[1]?.body ?? '{}')).toEqual({ touser: 'xhs_user_5f1e2d3c4b', msgtype: 'text', text: { content: '有现货，今天下单明天发' } });
    api.validTokens.clear();
    await expect(xiaohongshuProtocol.send(reply, context(base, cache))).resolves.toMatchObject({ status: 'sent' });
    expect(api.calls.filter((call) => call.path === '/api/token')).toHaveLength(2);
  });

  it('reports refusals with the platform code; a wrong secret fails without sending', async () => {
    api.sendErrcode = 45015;
    await expect(xiaohongshuProtocol.send(reply, context(base))).resolves.toEqual({ status: 'failed', retryable: false, code: '45015', reason: '45015 refused' });
    api.calls.length = 0;
    await expect(xiaohongshuProtocol.send(reply, context({ ...base, appSecret: 'wrong' }))).resolves.toMatchObject({ status: 'failed', code: '40125' });
    expect(api.calls.map((call) => call.path)).toEqual(['/api/token']);
  });
});
