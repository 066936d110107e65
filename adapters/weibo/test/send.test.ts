import { InMemorySharedCache, renderOutbound, type SendContext } from '@kefu/shared';
import { weiboConfigSchema, weiboProtocol, type WeiboConfig } from '../src';
import { WeiboApi } from './weibo-api';

describe('weibo customer-service reply against a local API', () => {
  const api = new WeiboApi();
  let context: SendContext<WeiboConfig>;
  beforeAll(async () => {
    const apiBaseUrl = await api.start();
    context = { config: weiboConfigSchema.parse({ apiBaseUrl, appSecret: 's', accessToken: api.validToken }), cache: new InMemorySharedCache(), fetch, now: () => new Date() };
  });
  afterAll(() => api.stop());
  beforeEach(() => {
    api.calls.length = 0;
  });
  const reply = renderOutbound({ messageId: '1', conversationId: '1', channelAccountId: '9', externalUserId: '2489518277', role: 'agent', text: '已为您加急处理 & 明天发货', cards: [] }, weiboProtocol.sendCapabilities);

  it('posts the documented form and reports the message id', async () => {
    await expect(weiboProtocol.send(reply, context)).resolves.toEqual({ status: 'sent', platformMessageId: '4061234567890123' });
    const [call] = api.calls;
    expect(call?.contentType).toBe('application/x-www-form-urlencoded');
    expect(call?.form.get('receiver_id')).toBe('2489518277');
    expect(call?.form.get('type')).toBe('text');
    expect(JSON.parse(decodeURIComponent(call?.form.get('data') ?? ''))).toEqual({ text: '已为您加急处理 & 明天发货' });
  });

  it('fails permanently on a bad token, and retryably on a rate limit', async () => {
    const badToken = { ...context, config: { ...context.config, accessToken: 'expired' } };
    await expect(weiboProtocol.send(reply, badToken)).resolves.toEqual({ status: 'failed', retryable: false, code: '21332', reason: '21332 invalid_access_token' });
    api.script.push({ status: 403, body: { error: 'User requests out of rate limit!', error_code: 10023, request: '/2/messages/reply.json' } });
    await expect(weiboProtocol.send(reply, context)).resolves.toMatchObject({ status: 'failed', retryable: true, code: '10023' });
  });

  it('is retryable when the server fails without a Weibo error', async () => {
    api.script.push({ status: 502, body: 'bad gateway' });
    await expect(weiboProtocol.send(reply, context)).resolves.toMatchObject({ status: 'failed', retryable: true, code: 'http_502' });
  });
});
