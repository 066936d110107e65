import { renderOutbound, type SendContext } from '@kefu/shared';
import { MemoryChannelCache } from '../../../server/src/channels/shared-cache';
import { exchangeJsCode, wechatConfigSchema, wechatProtocol, type WechatConfig } from '../src';
import { LocalWechatApi } from './local-wechat-api';

const reply = renderOutbound(
  {
    messageId: '1',
    conversationId: '1',
    channelAccountId: '1',
    externalUserId: 'o-shopper-1',
    role: 'bot',
    text: '您的订单已发货',
    cards: [{ type: 'order', title: '订单 E1', fields: [{ label: '状态', value: '已发货' }] }],
  },
  wechatProtocol.sendCapabilities,
);

describe('wechat send against a local WeChat API', () => {
  const api = new LocalWechatApi();
  let context: SendContext<WechatConfig>;

  beforeAll(async () => {
    await api.start();
  });
  afterAll(() => api.stop());
  beforeEach(() => {
    api.calls.length = 0;
    api.failNextSends = [];
    const config = wechatConfigSchema.parse({ appId: 'wx-test', appSecret: 'app-secret', token: 't', mode: 'plain', apiBaseUrl: api.url });
    context = { config, cache: new MemoryChannelCache(), fetch, now: () => new Date() };
  });

  it('sends a customer-service text with cards flattened, fetching the token once and reusing it', async () => {
    expect(await wechatProtocol.send(reply, context)).toMatchObject({ status: 'sent' });
    expect(await wechatProtocol.send(reply, context)).toMatchObject({ status: 'sent' });
    expect(api.tokenRequests).toHaveLength(1);
    expect(api.tokenRequests[0]!.body).toMatchObject({ grant_type: 'client_credential', appid: 'wx-test', force_refresh: false });
    const [send] = api.sends();
    expect(send!.body).toEqual({ touser: 'o-shopper-1', msgtype: 'text', text: { content: '您的订单已发货\n\n【订单 E1】\n状态：已发货' } });
  });

  it('refreshes the token with force_refresh once after 42001/40001, then succeeds', async () => {
    await wechatProtocol.send(reply, context);
    api.expireTokens();
    expect(await wechatProtocol.send(reply, context)).toMatchObject({ status: 'sent' });
    expect(api.tokenRequests.map((c) => c.body.force_refresh)).toEqual([false, true]);
    api.failNextSends = [40001, 40001];
    // A token error that survives the one refresh is reported, not looped on.
    expect(await wechatProtocol.send(reply, context)).toMatchObject({ status: 'failed', code: '40001' });
  });

  it('reports 45015 and 45047 as permanent failures with the reason, -1 as retryable', async () => {
    api.failNextSends = [45015];
    expect(await wechatProtocol.send(reply, context)).toEqual({ status: 'failed', code: '45015', reason: expect.stringMatching(/48-hour window/), retryable: false });
    api.failNextSends = [45047];
    expect(await wechatProtocol.send(reply, context)).toEqual({ status: 'failed', code: '45047', reason: expect.stringMatching(/quota/), retryable: false });
    api.failNextSends = [-1];
    expect(await wechatProtocol.send(reply, context)).toMatchObject({ status: 'failed', code: '-1', retryable: true });
  });

  it('one token refresh across concurrent sends sharing the cache', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => wechatProtocol.send(reply, context)));
    expect(results.every((r) => r.status === 'sent')).toBe(true);
    expect(api.tokenRequests).toHaveLength(1);
  });

  it('falls back to a subscribe message outside the window only when the account configures one', async () => {
    expect(await wechatProtocol.sendOutsideWindow!(reply, context)).toBeNull();
    const config = wechatConfigSchema.parse({ ...context.config, kind: 'mini_program', outOfWindowTemplate: { templateId: 'tmpl-1', page: 'pages/kefu/index' } });
    expect(await wechatProtocol.sendOutsideWindow!(reply, { ...context, config })).toMatchObject({ status: 'sent' });
    expect(api.sends('/cgi-bin/message/subscribe/send')[0]!.body).toEqual({ touser: 'o-shopper-1', template_id: 'tmpl-1', page: 'pages/kefu/index', data: { thing1: { value: '您的订单已发货\n\n【订单 E1】\n状态：' } } });
  });

  it('exchanges a Mini Program login code for openid and unionid', async () => {
    await expect(exchangeJsCode(context.config, 'good-code')).resolves.toEqual({ openId: 'o-mini-1', unionId: 'u-union-1', sessionKey: 'sk' });
    await expect(exchangeJsCode(context.config, 'bad-code')).rejects.toThrow(/40029/);
  });
});
