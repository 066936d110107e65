import { InMemorySharedCache, renderOutbound, type SendContext } from '@kefu/shared';
import { douyinConfigSchema, douyinProtocol, type DouyinConfig } from '../src';
import { DouyinOpenPlatform } from './douyin-open-platform';

describe('douyin reply API against a local open platform', () => {
  const platform = new DouyinOpenPlatform();
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = await platform.start();
  });
  afterAll(() => platform.stop());
  beforeEach(() => {
    platform.calls.length = 0;
    platform.refreshError = null;
    platform.sendScript.length = 0;
  });

  const contextFor = (cache = new InMemorySharedCache(), overrides: Partial<DouyinConfig> = {}): SendContext<DouyinConfig> => ({
    config: douyinConfigSchema.parse({ apiBaseUrl: baseUrl, clientKey: 'awtestclientkey', clientSecret: 's', businessOpenId: 'biz-open-id', refreshToken: 'rft.operator', ...overrides }),
    cache,
    fetch,
    now: () => new Date(),
  });
  const reply = (text: string, replyTo = '7123456789012345678:7311111111111111111') =>
    renderOutbound(
      {
        messageId: '1',
        conversationId: '1',
        channelAccountId: '42',
        externalUserId: 'shopper-open-id',
        role: 'bot',
        text,
        cards: [{ type: 'logistics', title: '订单 E1 物流', timeline: [{ time: '11-26 09:00', text: '已到达上海转运中心' }] }],
        replyToPlatformMessageId: replyTo,
      },
      douyinProtocol.sendCapabilities,
    );

  it('refreshes the operator token once, sends the documented reply body, and reuses the cached token', async () => {
    const context = contextFor();
    await expect(douyinProtocol.send(reply('您的包裹在路上'), context)).resolves.toMatchObject({ status: 'sent' });
    await expect(douyinProtocol.send(reply('还有别的问题吗'), context)).resolves.toMatchObject({ status: 'sent' });
    expect(platform.callsTo('/oauth/refresh_token/')).toHaveLength(1);
    const sends = platform.callsTo('/im/send/msg/');
    expect(sends).toHaveLength(2);
    expect(sends[0]?.query.get('open_id')).toBe('biz-open-id');
    expect(sends[0]?.headers['access-token']).toMatch(/^act\.local-\d+$/);
    expect(sends[1]?.headers['access-token']).toBe(sends[0]?.headers['access-token']);
    expect(JSON.parse(sends[0]?.body ?? '{}')).toEqual({
      msg_id: '7311111111111111111',
      conversation_id: '7123456789012345678',
      to_user_id: 'shopper-open-id',
      content: { msg_type: 'text', text: { text: '您的包裹在路上\n\n【订单 E1 物流】\n11-26 09:00 已到达上海转运中心' } },
      scene: 'im_reply_msg',
    });
  });

  it('lets concurrent sends share one refresh through the lock', async () => {
    const context = contextFor();
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => douyinProtocol.send(reply(`第${n}条`), context)));
    expect(results.every((result) => result.status === 'sent')).toBe(true);
    expect(platform.callsTo('/oauth/refresh_token/')).toHaveLength(1);
  });

  it('replaces a token the API calls expired (2190008) and sends again', async () => {
    const cache = new InMemorySharedCache();
    await douyinProtocol.send(reply('一'), contextFor(cache));
    platform.expireTokens();
    await expect(douyinProtocol.send(reply('二'), contextFor(cache))).resolves.toMatchObject({ status: 'sent' });
    expect(platform.callsTo('/oauth/refresh_token/')).toHaveLength(2);
    const [before, refused, fresh] = platform.callsTo('/im/send/msg/').map((call) => call.headers['access-token']);
    expect(refused).toBe(before);
    expect(fresh).not.toBe(before);
  });

  it('fails permanently when the refresh_token itself expired (10010): only re-authorising helps', async () => {
    platform.refreshError = { error_code: 10010, description: 'refresh_token 过期' };
    await expect(douyinProtocol.send(reply('x'), contextFor())).resolves.toEqual({ status: 'failed', retryable: false, code: '10010', reason: 'refresh_token refused: 10010 refresh_token 过期' });
    expect(platform.callsTo('/im/send/msg/')).toHaveLength(0);
  });

  it('reports a platform refusal with its code and reason, not retryable; HTTP overload is retryable', async () => {
    platform.sendScript.push({ status: 200, body: { err_no: 2190004, err_msg: '应用未获得该能力' } });
    await expect(douyinProtocol.send(reply('x'), contextFor())).resolves.toMatchObject({ status: 'failed', retryable: false, code: '2190004', reason: '2190004 应用未获得该能力' });
    platform.sendScript.push({ status: 503, body: {} });
    await expect(douyinProtocol.send(reply('x'), contextFor())).resolves.toMatchObject({ status: 'failed', retryable: true, code: 'http_503' });
  });

  it('cannot reply without the shopper message it answers, and says so', async () => {
    const result = await douyinProtocol.send({ ...reply('x'), replyToPlatformMessageId: undefined }, contextFor());
    expect(result).toMatchObject({ status: 'failed', retryable: false, code: 'no_reply_target' });
    expect(platform.calls).toHaveLength(0);
  });

  it('is retryable when the platform is unreachable', async () => {
    const unreachable = contextFor(new InMemorySharedCache(), { apiBaseUrl: 'http://127.0.0.1:9' });
    await expect(douyinProtocol.send(reply('x'), unreachable)).resolves.toMatchObject({ status: 'failed', retryable: true });
  });
});
