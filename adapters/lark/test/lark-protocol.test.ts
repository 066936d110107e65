import * as lark from '@larksuiteoapi/node-sdk';
import { isProtocolError, type WebhookRequest } from '@kefu/shared';
import { LARK_CARD_ACTION_EVENT, LARK_MESSAGE_EVENT, larkConfigSchema, larkProtocol, decryptLarkEvent, encryptLarkEvent, larkSignature } from '../src';
import { agentThreadReply, cardClick, larkEventRequest, larkV2Event } from './support/local-lark-server';

const config = larkConfigSchema.parse({
  appId: 'cli_test',
  appSecret: 'secret',
  encryptKey: 'kefu-encrypt-key',
  verificationToken: 'v-token',
  agentChatId: 'oc_agents',
});

function request(body: string, headers: Record<string, string>, receivedAt = new Date()): WebhookRequest {
  return { method: 'POST', query: {}, headers, rawBody: Buffer.from(body), receivedAt };
}

function signed(event: unknown, timestamp?: string): WebhookRequest {
  const { body, headers } = larkEventRequest(event, config.encryptKey!, timestamp);
  return request(body, headers);
}

describe('Lark event crypto', () => {
  it('decrypts what the official SDK decrypts, and the SDK decrypts what we encrypt', () => {
    const plaintext = JSON.stringify({ hello: '飞书', n: 1 });
    const ours = encryptLarkEvent(plaintext, 'some key');
    expect(new lark.AESCipher('some key').decrypt(ours)).toBe(plaintext);
    expect(decryptLarkEvent(ours, 'some key')).toBe(plaintext);
    expect(() => decryptLarkEvent(ours, 'another key')).toThrow();
  });
});

describe('larkProtocol.handshake', () => {
  it('answers the encrypted url_verification challenge', () => {
    const response = larkProtocol.handshake!(signed({ challenge: 'ch-123', token: 'v-token', type: 'url_verification' }), config);
    expect(response).toEqual({ status: 200, contentType: 'application/json', body: JSON.stringify({ challenge: 'ch-123' }) });
  });

  it('refuses a challenge with the wrong verification token', () => {
    const response = larkProtocol.handshake!(signed({ challenge: 'ch-123', token: 'forged', type: 'url_verification' }), config);
    expect(response?.status).toBe(401);
  });

  it('leaves ordinary events to verify and parse', () => {
    expect(larkProtocol.handshake!(signed(larkV2Event('im.message.receive_v1', {}, 'v-token')), config)).toBeNull();
  });

  it('answers a plaintext challenge when the app has no encrypt key', () => {
    const plain = { ...config, encryptKey: undefined };
    const body = JSON.stringify({ challenge: 'c2', token: 'v-token', type: 'url_verification' });
    expect(larkProtocol.handshake!(request(body, {}), plain)?.body).toBe('{"challenge":"c2"}');
  });
});

describe('larkProtocol.verify', () => {
  const event = larkV2Event('im.message.receive_v1', agentThreadReply({ rootId: 'om_1', chatId: 'oc_agents', openId: 'ou_a', text: 'hi' }), 'v-token');

  it('accepts a correctly signed, encrypted event', () => {
    expect(larkProtocol.verify(signed(event), config)).toEqual({ ok: true });
  });

  it('rejects a body altered after signing', () => {
    const good = signed(event);
    const tampered = { ...good, rawBody: Buffer.from(JSON.stringify({ encrypt: encryptLarkEvent(JSON.stringify(event), config.encryptKey!) })) };
    expect(larkProtocol.verify(tampered, config)).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining('X-Lark-Signature') });
  });

  it('rejects missing signature headers', () => {
    const good = signed(event);
    expect(larkProtocol.verify({ ...good, headers: {} }, config)).toMatchObject({ ok: false, status: 401 });
  });

  it('rejects a replay outside the timestamp window', () => {
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    expect(larkProtocol.verify(signed(event, old), config)).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining('window') });
  });

  it('rejects an event whose verification token is wrong even when the signature is right', () => {
    const forged = larkV2Event('im.message.receive_v1', {}, 'not-the-token');
    expect(larkProtocol.verify(signed(forged), config)).toMatchObject({ ok: false, status: 401, reason: 'verification token does not match' });
  });

  it('rejects plaintext when an encrypt key is configured', () => {
    const body = JSON.stringify(event);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = { 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': 'n', 'x-lark-signature': larkSignature(timestamp, 'n', config.encryptKey!, body) };
    expect(larkProtocol.verify(request(body, headers), config)).toMatchObject({ ok: false, status: 400 });
  });

  it('without an encrypt key, checks the token and the event\'s own create_time', () => {
    const plain = { ...config, encryptKey: undefined };
    expect(larkProtocol.verify(request(JSON.stringify(event), {}), plain)).toEqual({ ok: true });
    expect(larkProtocol.verify(request(JSON.stringify({ ...event, header: { event_id: 'x', event_type: 'y', token: 'bad' } }), {}), plain)).toMatchObject({ ok: false, status: 401 });
    // A captured plaintext event replayed an hour later: the token is right, the age is not.
    const anHourLater = new Date(Date.now() + 3600_000);
    expect(larkProtocol.verify(request(JSON.stringify(event), {}, anHourLater), plain)).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining('away from now') });
  });
});

describe('larkProtocol.parse', () => {
  it('turns an agent thread reply into a lark.message event without mention placeholders', () => {
    const event = larkV2Event('im.message.receive_v1', agentThreadReply({ rootId: 'om_card', chatId: 'oc_agents', openId: 'ou_agent', text: '@_user_1 您好，已为您加急', messageId: 'om_reply' }), 'v-token', 'ev-1');
    const parsed = larkProtocol.parse(signed(event), config, '7');
    expect(parsed.messages).toEqual([]);
    expect(parsed.ack).toMatchObject({ status: 200 });
    expect(parsed.events).toEqual([
      {
        kind: LARK_MESSAGE_EVENT,
        eventId: 'ev-1',
        payload: expect.objectContaining({ messageId: 'om_reply', rootId: 'om_card', chatId: 'oc_agents', text: '您好，已为您加急', senderOpenId: 'ou_agent', senderType: 'user' }),
      },
    ]);
  });

  it('turns a card.action.trigger into a lark.card_action event with the chosen option', () => {
    const click = cardClick({ openId: 'ou_agent', messageId: 'om_card', chatId: 'oc_agents', value: { kefu: 'desk', action: 'transfer', ticketId: 3 }, option: 'ou_other' });
    const parsed = larkProtocol.parse(signed(larkV2Event('card.action.trigger', click, 'v-token', 'ev-2')), config, '7');
    expect(parsed.events).toEqual([
      { kind: LARK_CARD_ACTION_EVENT, eventId: 'ev-2', payload: { operatorOpenId: 'ou_agent', operatorUnionId: 'on_ou_agent', value: { kefu: 'desk', action: 'transfer', ticketId: 3 }, option: 'ou_other', openMessageId: 'om_card', openChatId: 'oc_agents' } },
    ]);
  });

  it('accepts legacy card callbacks, deduplicated by their per-click token', () => {
    const legacy = { open_id: 'ou_a', open_message_id: 'om_c', open_chat_id: 'oc_agents', tenant_key: 'tk', token: 'v-token', action: { value: { kefu: 'desk', action: 'claim', ticketId: 1 }, tag: 'button' } };
    const parsed = larkProtocol.parse(signed(legacy), config, '7');
    expect(parsed.events[0]).toMatchObject({ kind: LARK_CARD_ACTION_EVENT, eventId: 'card:om_c:v-token', payload: { operatorOpenId: 'ou_a' } });
  });

  it('acknowledges event types it does not act on', () => {
    expect(larkProtocol.parse(signed(larkV2Event('im.chat.member.bot.added_v1', { chat_id: 'oc' }, 'v-token')), config, '7').events).toEqual([]);
  });

  it('throws a ProtocolError on malformed payloads', () => {
    const notJson = request('{not json', {});
    expect(() => larkProtocol.parse(notJson, { ...config, encryptKey: undefined }, '7')).toThrow(expect.objectContaining({ message: 'body is not valid JSON' }));
    const broken = larkV2Event('im.message.receive_v1', { sender: {} }, 'v-token');
    let caught: unknown;
    try {
      larkProtocol.parse(signed(broken), config, '7');
    } catch (error) {
      caught = error;
    }
    expect(isProtocolError(caught)).toBe(true);
  });

  it('rejects an app config without the fields Lark needs', () => {
    expect(larkConfigSchema.safeParse({ appId: 'a' }).success).toBe(false);
    expect(config.apiBaseUrl).toBe('https://open.feishu.cn');
  });
});
