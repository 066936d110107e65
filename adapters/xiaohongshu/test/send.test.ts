import { InMemorySharedCache, renderOutbound, type SendContext } from '@kefu/shared';
import { xiaohongshuConfigSchema, xiaohongshuProtocol, type XiaohongshuConfig } from '../src';
import { MerchantSendApi } from './merchant-send-api';

describe('xiaohongshu send', () => {
  const api = new MerchantSendApi();
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
  const reply = renderOutbound({ messageId: '1', conversationId: '1', channelAccountId: '5', externalUserId: 'xhs_user_5f1e2d3c4b', role: 'bot', text: '有现货，今天下单明天发', cards: [] }, xiaohongshuProtocol.sendCapabilities);

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
