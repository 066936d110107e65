import type { WebhookRequest } from '@kefu/shared';
import { encryptMessage, parseXmlFields, sha1Signature } from '@kefu/wechat-crypto';
import { wechatConfigSchema, wechatProtocol } from '../src';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const base = { appId: 'wx-modes', appSecret: 's', token: 'mode-token', encodingAesKey: AES_KEY };

function signedPlain(body: string, timestamp = Math.floor(Date.now() / 1000)): WebhookRequest {
  const query = { signature: sha1Signature(base.token, String(timestamp), '9'), timestamp: String(timestamp), nonce: '9', openid: 'o-1' };
  return { method: 'POST', query, headers: {}, rawBody: Buffer.from(body), receivedAt: new Date() };
}

function signedEncrypted(plain: string, wrap: (encrypt: string) => string): WebhookRequest {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const encrypt = encryptMessage(AES_KEY, plain, base.appId);
  const query = { signature: sha1Signature(base.token, timestamp, '9'), timestamp, nonce: '9', encrypt_type: 'aes', msg_signature: sha1Signature(base.token, timestamp, '9', encrypt) };
  return { method: 'POST', query, headers: {}, rawBody: Buffer.from(wrap(encrypt)), receivedAt: new Date() };
}

const textXml = '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o-1]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[a < b & 你好]]></Content><MsgId>123</MsgId></xml>';
const outbound = { messageId: '1', conversationId: '1', channelAccountId: '1', externalUserId: 'o-1', role: 'bot' as const, text: '回复 ]]> 也安全', cards: [] };

describe('wechat push modes and formats', () => {
  it('plain mode: the 3-field signature, XML parsed with CDATA, passive reply as plain XML', () => {
    const config = wechatConfigSchema.parse({ ...base, mode: 'plain' });
    const request = signedPlain(textXml);
    expect(wechatProtocol.verify(request, config)).toEqual({ ok: true });
    const parsed = wechatProtocol.parse(request, config, '1');
    expect(parsed.messages[0]).toMatchObject({ platformMessageId: '123', externalUserId: 'o-1', text: 'a < b & 你好', sentAt: '2023-11-14T22:13:20.000Z' });
    expect(parsed.ack).toMatchObject({ status: 200, body: 'success' });
    const rendered = parsed.passiveReply!.render(outbound);
    expect(parseXmlFields(rendered.body)).toMatchObject({ ToUserName: 'o-1', FromUserName: 'gh_1', MsgType: 'text', Content: '回复 ]]> 也安全' });
    expect(wechatProtocol.verify({ ...request, query: { ...request.query, signature: 'x' } }, config)).toMatchObject({ ok: false, status: 401 });
    // An encrypted push to a plain-mode account is refused rather than guessed at.
    expect(wechatProtocol.verify(signedEncrypted(textXml, (e) => `<xml><Encrypt>${e}</Encrypt></xml>`), config)).toMatchObject({ ok: false, status: 401 });
  });

  it('compatible mode accepts both plain and encrypted pushes; safe mode only encrypted', () => {
    const compatible = wechatConfigSchema.parse({ ...base, mode: 'compatible' });
    expect(wechatProtocol.verify(signedPlain(textXml), compatible)).toEqual({ ok: true });
    const encrypted = signedEncrypted(textXml, (e) => `<xml><ToUserName>gh_1</ToUserName><Encrypt><![CDATA[${e}]]></Encrypt></xml>`);
    expect(wechatProtocol.verify(encrypted, compatible)).toEqual({ ok: true });
    const safe = wechatConfigSchema.parse({ ...base, mode: 'safe' });
    expect(wechatProtocol.verify(signedPlain(textXml), safe)).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/safe mode/) });
  });

  it('Mini Program JSON, encrypted: parsed like XML, no passive reply (replies go through the API)', () => {
    const config = wechatConfigSchema.parse({ ...base, kind: 'mini_program', mode: 'safe', format: 'json' });
    const json = JSON.stringify({ ToUserName: 'gh_mp', FromUserName: 'o-mp-1', CreateTime: 1700000001, MsgType: 'text', Content: '在吗', MsgId: 777 });
    const request = signedEncrypted(json, (e) => JSON.stringify({ ToUserName: 'gh_mp', Encrypt: e }));
    expect(wechatProtocol.verify(request, config)).toEqual({ ok: true });
    const parsed = wechatProtocol.parse(request, config, '1');
    expect(parsed.messages[0]).toMatchObject({ platformMessageId: '777', externalUserId: 'o-mp-1', text: '在吗' });
    expect(parsed.passiveReply).toBeUndefined();
  });

  it('events are platform events keyed by FromUserName + CreateTime; malformed payloads say why', () => {
    const config = wechatConfigSchema.parse({ ...base, mode: 'plain', kind: 'mini_program' });
    const event = signedPlain('<xml><ToUserName>gh_1</ToUserName><FromUserName>o-2</FromUserName><CreateTime>1700000002</CreateTime><MsgType>event</MsgType><Event>user_enter_tempsession</Event><SessionFrom>product-9</SessionFrom></xml>');
    expect(wechatProtocol.parse(event, config, '1')).toMatchObject({ messages: [], events: [{ kind: 'wechat.user_enter_tempsession', eventId: 'o-2:1700000002:user_enter_tempsession', payload: { SessionFrom: 'product-9' } }] });
    expect(wechatProtocol.verify(signedPlain('{"ToUserName": '), config)).toMatchObject({ ok: false, status: 400, reason: expect.stringMatching(/malformed JSON/) });
    expect(wechatProtocol.verify(signedPlain('<xml><a></b></xml>'), config)).toMatchObject({ ok: false, status: 400, reason: expect.stringMatching(/malformed XML/) });
    expect(() => wechatProtocol.parse(signedPlain('<xml><ToUserName>gh</ToUserName></xml>'), config, '1')).toThrow(/FromUserName/);
    expect(wechatProtocol.verify(signedPlain(textXml, Math.floor(Date.now() / 1000) - 301), config)).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/replay/) });
  });

  it('the config schema requires an EncodingAESKey outside plain mode and defaults apiBaseUrl', () => {
    expect(wechatConfigSchema.safeParse({ appId: 'a', appSecret: 's', token: 't', mode: 'safe' }).success).toBe(false);
    expect(wechatConfigSchema.parse({ appId: 'a', appSecret: 's', token: 't', mode: 'plain' }).apiBaseUrl).toBe('https://api.weixin.qq.com');
  });
});
