import { encryptMessage, sha1Signature } from '@kefu/wechat-crypto';
import { renderOutbound, type SendContext, type WebhookRequest } from '@kefu/shared';
import { MemoryChannelCache } from '../../../server/src/channels/shared-cache';
import { cursorKey, syncKfMessages, wecomKfConfigSchema, wecomKfProtocol, type WecomKfConfig } from '../src';
import { kfNoticeXml, LocalWecomApi } from './local-wecom-api';

const AES_KEY = '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt';
const CORP = 'ww-kefu-corp';

function callback(config: WecomKfConfig, plainXml: string, timestamp = Math.floor(Date.now() / 1000)): WebhookRequest {
  const encrypt = encryptMessage(config.encodingAesKey, plainXml, config.corpId);
  const query = { msg_signature: sha1Signature(config.token, String(timestamp), '77', encrypt), timestamp: String(timestamp), nonce: '77' };
  return { method: 'POST', query, headers: {}, rawBody: Buffer.from(`<xml><ToUserName><![CDATA[${config.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`), receivedAt: new Date() };
}

const reply = renderOutbound({ messageId: '1', conversationId: '1', channelAccountId: '1', externalUserId: 'wm-customer-1', role: 'bot', text: '您好', cards: [] }, wecomKfProtocol.sendCapabilities);

describe('wecom-kf protocol against a local WeCom API', () => {
  const api = new LocalWecomApi();
  let config: WecomKfConfig;
  let context: SendContext<WecomKfConfig>;

  beforeAll(async () => {
    await api.start();
  });
  afterAll(() => api.stop());
  beforeEach(() => {
    api.calls.length = 0;
    api.inbox.length = 0;
    api.failNextSends = [];
    config = wecomKfConfigSchema.parse({ corpId: CORP, secret: 'kf-secret', token: 'kf-token', encodingAesKey: AES_KEY, apiBaseUrl: api.url, welcomeMessage: '欢迎光临', linkUnionId: true });
    context = { config, cache: new MemoryChannelCache(), fetch, now: () => new Date() };
  });

  it('answers the encrypted echostr handshake with its plaintext, and only when signed', () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const echostr = encryptMessage(AES_KEY, '1288432023552776189', CORP);
    const query = { msg_signature: sha1Signature('kf-token', timestamp, '5', echostr), timestamp, nonce: '5', echostr };
    const request = (q: Record<string, string>): WebhookRequest => ({ method: 'GET', query: q, headers: {}, rawBody: Buffer.alloc(0), receivedAt: new Date() });
    expect(wecomKfProtocol.handshake!(request(query), config)).toMatchObject({ status: 200, body: '1288432023552776189' });
    expect(wecomKfProtocol.handshake!(request({ ...query, msg_signature: 'a'.repeat(40) }), config)).toMatchObject({ status: 401 });
  });

  it('verifies the callback and turns kf_msg_or_event into a platform event; refuses tampering, replays, other corps', () => {
    const good = callback(config, kfNoticeXml(CORP, 'wk-1', 'sync-token-1'));
    expect(wecomKfProtocol.verify(good, config)).toEqual({ ok: true });
    expect(wecomKfProtocol.parse(good, config, '9').events).toEqual([expect.objectContaining({ kind: 'wecom-kf.kf_msg_or_event', payload: expect.objectContaining({ OpenKfId: 'wk-1', Token: 'sync-token-1' }) })]);
    expect(wecomKfProtocol.verify({ ...good, query: { ...good.query, msg_signature: '0'.repeat(40) } }, config)).toMatchObject({ ok: false, status: 401 });
    expect(wecomKfProtocol.verify(callback(config, kfNoticeXml(CORP, 'wk-1', 't'), Math.floor(Date.now() / 1000) - 3600), config)).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/replay/) });
    expect(wecomKfProtocol.verify(callback({ ...config, corpId: 'ww-other' }, kfNoticeXml('ww-other', 'wk-1', 't')), config)).toMatchObject({ ok: false, status: 401 });
    expect(wecomKfProtocol.verify({ ...good, rawBody: Buffer.from('<xml><Encrypt>') }, config)).toMatchObject({ ok: false, status: 400 });
  });

  it('syncs from the stored cursor page by page, links unionid, sends the welcome, and never re-reads a page', async () => {
    api.unionIds = { 'wm-customer-1': 'union-1' };
    const now = Math.floor(Date.now() / 1000);
    api.deliver(
      { msgid: 'm1', open_kfid: 'wk-1', external_userid: 'wm-customer-1', send_time: now, origin: 4, msgtype: 'event', event: { event_type: 'enter_session', welcome_code: 'wc-1', external_userid: 'wm-customer-1' } },
      { msgid: 'm2', open_kfid: 'wk-1', external_userid: 'wm-customer-1', send_time: now, origin: 3, msgtype: 'text', text: { content: '我的快递到哪了' } },
      { msgid: 'm3', open_kfid: 'wk-1', external_userid: 'wm-customer-2', send_time: now, origin: 3, msgtype: 'text', text: { content: '在吗' } },
    );
    const first = await syncKfMessages(context, '9', 'wk-1', 'sync-token-1');
    expect(first.welcomesSent).toBe(1);
    expect(api.callsTo('/cgi-bin/kf/send_msg_on_event')[0]!.body).toEqual({ code: 'wc-1', msgtype: 'text', text: { content: '欢迎光临' } });
    expect(first.messages).toEqual([
      expect.objectContaining({ platform: 'wecom-kf', platformMessageId: 'm2', externalUserId: 'wm-customer-1', unionId: 'union-1', text: '我的快递到哪了', channelAccountId: '9' }),
      expect.objectContaining({ platformMessageId: 'm3', externalUserId: 'wm-customer-2', text: '在吗' }),
    ]);
    expect(first.messages[1]!.unionId).toBeUndefined();
    expect(api.callsTo('/cgi-bin/kf/sync_msg').map((c) => c.body.cursor)).toEqual(['', 'c2']);
    expect(await context.cache.get(cursorKey(CORP, 'wk-1'))).toBe('c3');

    api.deliver({ msgid: 'm4', open_kfid: 'wk-1', external_userid: 'wm-customer-1', send_time: now, origin: 3, msgtype: 'text', text: { content: '谢谢' } });
    const second = await syncKfMessages(context, '9', 'wk-1', 'sync-token-2');
    expect(second.messages.map((m) => m.platformMessageId)).toEqual(['m4']);
  });

  it('checks each sync_msg item with zod: a malformed one is skipped with its reason, the ones after it still arrive', async () => {
    const now = Math.floor(Date.now() / 1000);
    const good = { msgid: 'm21', open_kfid: 'wk-5', external_userid: 'wm-customer-1', send_time: now, origin: 3, msgtype: 'text', text: { content: '还在吗' } };
    api.deliver(
      { ...good, msgid: '' },
      { ...good, msgid: 'm20', send_time: String(now) } as unknown as typeof good,
      { ...good, msgid: 'm22', text: { content: 42 } } as unknown as typeof good,
      good,
    );
    const result = await syncKfMessages(context, '9', 'wk-5', undefined);
    expect(result.messages.map((m) => m.platformMessageId)).toEqual(['m21']);
    expect(result.skipped).toEqual([
      { msgid: '', reason: expect.stringMatching(/^msgid/) },
      { msgid: 'm20', reason: expect.stringMatching(/^send_time/) },
      { msgid: 'm22', reason: expect.stringMatching(/^text\.content/) },
    ]);
  });

  it('sends from the kf account the customer wrote to; refreshes the token once; 45015, 45047 and 95018 are permanent', async () => {
    const now = Math.floor(Date.now() / 1000);
    api.deliver({ msgid: 'm9', open_kfid: 'wk-7', external_userid: 'wm-customer-1', send_time: now, origin: 3, msgtype: 'text', text: { content: '你好' } });
    await syncKfMessages(context, '9', 'wk-7', undefined);
    expect(await wecomKfProtocol.send(reply, context)).toMatchObject({ status: 'sent' });
    expect(api.callsTo('/cgi-bin/kf/send_msg')[0]!.body).toEqual({ touser: 'wm-customer-1', open_kfid: 'wk-7', msgtype: 'text', text: { content: '您好' } });

    api.expireTokens();
    expect(await wecomKfProtocol.send(reply, context)).toMatchObject({ status: 'sent' });
    expect(api.callsTo('/cgi-bin/gettoken')).toHaveLength(2);

    api.failNextSends = [45015];
    expect(await wecomKfProtocol.send(reply, context)).toMatchObject({ status: 'failed', code: '45015', retryable: false, reason: expect.stringMatching(/48-hour/) });
    api.failNextSends = [45047];
    expect(await wecomKfProtocol.send(reply, context)).toMatchObject({ status: 'failed', code: '45047', retryable: false });
    api.failNextSends = [95018];
    expect(await wecomKfProtocol.send(reply, context)).toMatchObject({ status: 'failed', code: '95018', retryable: false, reason: expect.stringMatching(/service_state 3/) });
    expect(await wecomKfProtocol.send({ ...reply, externalUserId: 'wm-unknown' }, context)).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringMatching(/open_kfid/) });
  });
});
