import { WechatyBuilder, type Message } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { isProtocolError, renderOutbound, type WebhookRequest } from '@kefu/shared';
import { WECHATY_BINDING_EVENT, WechatyGateway, bindingCodeIn, puppetOptionsFor, signedRelayHeaders, wechatyConfigSchema, wechatyProtocol } from '../src';

const SECRET = 'a-relay-secret-of-enough-length';
const config = wechatyConfigSchema.parse({ relaySecret: SECRET });

function relayed(body: unknown, secret = SECRET, now = Date.now()): WebhookRequest {
  const text = JSON.stringify(body);
  return { method: 'POST', query: {}, headers: signedRelayHeaders(secret, text, now), rawBody: Buffer.from(text), receivedAt: new Date() };
}
const message = (text: string) => ({ messageId: 'm-1', contactId: 'wxid_vip', contactName: '张伟', kind: 'text', text, sentAt: '2026-11-26T10:00:00.000Z' });

describe('wechatyProtocol verify and parse', () => {
  it('accepts the gateway’s signature and refuses another secret or a stale timestamp', () => {
    expect(wechatyProtocol.verify(relayed(message('hi')), config)).toEqual({ ok: true });
    expect(wechatyProtocol.verify(relayed(message('hi'), 'another-secret-of-length!'), config)).toMatchObject({ ok: false, status: 401, reason: 'signature does not match' });
    expect(wechatyProtocol.verify(relayed(message('hi'), SECRET, Date.now() - 600_000), config)).toMatchObject({ ok: false, status: 401 });
    expect(wechatyProtocol.verify({ ...relayed(message('hi')), headers: {} }, config)).toMatchObject({ ok: false, status: 401 });
  });

  it('turns a contact message into an inbound message of the account', () => {
    expect(wechatyProtocol.parse(relayed(message('我的快递到哪了')), config, '42')).toMatchObject({
      messages: [{ channelAccountId: '42', platform: 'wechaty', platformMessageId: 'm-1', externalUserId: 'wxid_vip', displayName: '张伟', kind: 'text', text: '我的快递到哪了' }],
      events: [],
    });
  });

  it('turns a binding code into a binding event instead of a question for the bot', () => {
    const parsed = wechatyProtocol.parse(relayed(message('绑定 123456')), config, '42');
    expect(parsed.messages).toEqual([]);
    expect(parsed.events).toEqual([{ kind: WECHATY_BINDING_EVENT, eventId: 'm-1', payload: { code: '123456', inbound: expect.objectContaining({ externalUserId: 'wxid_vip' }) } }]);
    expect(['绑定123456', 'bind: 654321', ' 111222 ', '綁定：333444'].map(bindingCodeIn)).toEqual(['123456', '654321', '111222', '333444']);
    expect(['订单 12345678', '绑定 12345', '我的验证码是123456'].map(bindingCodeIn)).toEqual([null, null, null]);
  });

  it('throws ProtocolError on malformed payloads', () => {
    for (const body of ['{nope', JSON.stringify({ messageId: 'x' })]) {
      const request = { ...relayed({}), rawBody: Buffer.from(body) };
      let caught: unknown;
      try {
        wechatyProtocol.parse(request, config, '1');
      } catch (error) {
        caught = error;
      }
      expect(isProtocolError(caught)).toBe(true);
    }
  });

  it('requires the puppet token the chosen puppet needs', () => {
    expect(() => puppetOptionsFor({ WECHATY_NAME: 'b', WECHATY_PUPPET: 'wechaty-puppet-service' })).toThrow('WECHATY_PUPPET_SERVICE_TOKEN');
    expect(puppetOptionsFor({ WECHATY_NAME: 'b', WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 'tok' })).toEqual({ token: 'tok' });
    expect(puppetOptionsFor({ WECHATY_NAME: 'b', WECHATY_PUPPET: 'wechaty-puppet-mock' })).toEqual({});
  });
});

describe('wechatyProtocol.send through a gateway on a mock puppet', () => {
  let gateway: WechatyGateway;
  let mocker: mock.Mocker;
  let contact: mock.ContactMock;
  const said: { to: string; text: string }[] = [];
  let context: Parameters<typeof wechatyProtocol.send>[1];

  beforeAll(async () => {
    mocker = new mock.Mocker();
    const bot = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) });
    bot.on('message', (m: Message) => {
      if (m.self()) said.push({ to: m.listener()?.id ?? '', text: m.text() });
    });
    // No core in this test: forwarding goes nowhere, and only sends are under test.
    gateway = new WechatyGateway({ bot, coreWebhookUrl: 'http://127.0.0.1:9/unused', relaySecret: SECRET, forwardAttempts: 1 });
    const url = await gateway.start();
    const [user, vip] = mocker.createContacts(2);
    mocker.login(user);
    contact = vip;
    context = { config: { ...config, apiBaseUrl: url }, cache: { get: async () => null, set: async () => undefined, withLock: (_k, _t, f) => f() }, fetch, now: () => new Date() };
  });
  afterAll(() => gateway.stop());

  const outbound = (messageId: string, externalUserId: string) =>
    renderOutbound({ messageId, conversationId: '1', channelAccountId: '1', externalUserId, role: 'bot', text: '您的订单已发货', cards: [{ type: 'order', title: '订单 E1', fields: [{ label: '状态', value: '已发货' }] }] }, wechatyProtocol.sendCapabilities);

  it('says the reply (cards flattened to text) once per Kefu message id', async () => {
    const first = await wechatyProtocol.send(outbound('101', contact.id), context);
    const retried = await wechatyProtocol.send(outbound('101', contact.id), context);
    expect(first).toMatchObject({ status: 'sent' });
    expect(retried).toEqual(first);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const toContact = said.filter((s) => s.to === contact.id);
    expect(toContact).toHaveLength(1);
    expect(toContact[0].text).toContain('您的订单已发货');
    expect(toContact[0].text).toContain('状态：已发货');
  });

  it('fails for good on an unknown contact, and retryably when the gateway is down', async () => {
    expect(await wechatyProtocol.send(outbound('102', 'wxid_nobody'), context)).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringContaining('not found') });
    const down = await wechatyProtocol.send(outbound('103', contact.id), { ...context, config: { ...config, apiBaseUrl: 'http://127.0.0.1:9' } });
    expect(down).toMatchObject({ status: 'failed', retryable: true });
  });

  it('refuses unsigned sends', async () => {
    const response = await fetch(`${context.config.apiBaseUrl}/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messageId: '1', contactId: contact.id, text: 'x' }) });
    expect(response.status).toBe(401);
  });
});
