import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encryptMessage, sha1Signature } from '@kefu/wechat-crypto';
import { isProtocolError, type WebhookRequest } from '@kefu/shared';
import { xiaohongshuConfigSchema, xiaohongshuProtocol } from '../src';

const config = xiaohongshuConfigSchema.parse({ appId: 'xhs-mp-65a0f1c2', token: 'xhsPushToken', encodingAesKey: 'kefuXhsTestEncodingAesKey0123456789abcdefgh' });
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const NOW = 1795687835;

function push(rawBody: Buffer, options: { timestamp?: number; token?: string; query?: Record<string, string> } = {}): WebhookRequest {
  const timestamp = String(options.timestamp ?? NOW);
  const nonce = '1590219412';
  const encrypt = /"Encrypt":"([^"]*)"/.exec(rawBody.toString('utf8'))?.[1] ?? '';
  const token = options.token ?? config.token;
  const query = { timestamp, nonce, signature: sha1Signature(token, timestamp, nonce), msg_signature: sha1Signature(token, timestamp, nonce, encrypt), encrypt_type: 'aes', ...options.query };
  return { method: 'POST', query, headers: { 'content-type': 'application/json' }, rawBody, receivedAt: new Date(NOW * 1000 + 500) };
}

describe('xiaohongshu mini-program push verification', () => {
  it('answers the GET check with echostr only for the right token', () => {
    const query = { timestamp: '1714036504', nonce: '1514711492', echostr: '4375120948345356249', signature: sha1Signature('xhsPushToken', '1714036504', '1514711492') };
    const request: WebhookRequest = { method: 'GET', query, headers: {}, rawBody: Buffer.alloc(0), receivedAt: new Date() };
    expect(xiaohongshuProtocol.handshake?.(request, config)).toEqual({ status: 200, contentType: 'text/plain', body: '4375120948345356249' });
    const other = xiaohongshuConfigSchema.parse({ ...config, token: 'AAAAA' });
    expect(xiaohongshuProtocol.handshake?.(request, other)).toMatchObject({ status: 401 });
  });

  it('uses the same 3-field scheme as WeChat (official example: token AAAAA)', () => {
    expect(sha1Signature('AAAAA', '1714036504', '1514711492')).toBe('f464b24fc39322e44b38aa78f5edd27bd1441696');
  });

  it('accepts a correctly signed, decryptable push', () => {
    expect(xiaohongshuProtocol.verify(push(fixture('push-text.json')), config)).toEqual({ ok: true });
  });

  it('refuses a wrong msg_signature, a replay outside the window, another app id and a corrupted ciphertext', () => {
    expect(xiaohongshuProtocol.verify(push(fixture('push-text.json'), { token: 'forged' }), config)).toMatchObject({ ok: false, status: 401, reason: 'bad msg_signature' });
    expect(xiaohongshuProtocol.verify(push(fixture('push-text.json'), { timestamp: NOW - 3600 }), config)).toMatchObject({ ok: false, status: 403 });
    const otherApp = xiaohongshuConfigSchema.parse({ ...config, appId: 'xhs-mp-other' });
    expect(xiaohongshuProtocol.verify(push(fixture('push-text.json')), otherApp)).toMatchObject({ ok: false, status: 401, reason: 'decrypted push is addressed to another app id' });
    const corrupted = Buffer.from(JSON.stringify({ ToUserName: 'x', Encrypt: Buffer.alloc(40, 7).toString('base64') }));
    expect(xiaohongshuProtocol.verify(push(corrupted), config)).toMatchObject({ ok: false, status: 401 });
  });

  it('can check the 3-field signature instead, for accounts whose pushes carry only that', () => {
    const threeField = xiaohongshuConfigSchema.parse({ ...config, pushSignature: 'signature' });
    expect(xiaohongshuProtocol.verify(push(fixture('push-text.json'), { query: { msg_signature: '' } }), threeField)).toEqual({ ok: true });
    expect(xiaohongshuProtocol.verify(push(fixture('push-text.json'), { query: { signature: '0'.repeat(40) } }), threeField)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a body that is not JSON or carries no ciphertext with 400', () => {
    expect(xiaohongshuProtocol.verify(push(Buffer.from('<xml><Encrypt>x</Encrypt></xml>')), config)).toMatchObject({ ok: false, status: 400 });
    expect(xiaohongshuProtocol.verify(push(Buffer.from('{"ToUserName":"x"}')), config)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('xiaohongshu push parsing', () => {
  it('decrypts a text push into a shopper message, keeping all 19 digits of the 64-bit MsgId', () => {
    const parsed = xiaohongshuProtocol.parse(push(fixture('push-text.json')), config, '5');
    expect(parsed.messages).toEqual([
      { channelAccountId: '5', platform: 'xiaohongshu', platformMessageId: '7311000000000000123', externalUserId: 'xhs_user_5f1e2d3c4b', kind: 'text', text: '请问这件卫衣有现货吗', sentAt: new Date(1795687833000).toISOString() },
    ]);
    expect(parsed.ack).toMatchObject({ status: 200, body: 'success' });
  });

  it('gives a redelivered push the same message id', () => {
    const first = xiaohongshuProtocol.parse(push(fixture('push-text.json')), config, '5').messages[0]?.platformMessageId;
    const again = xiaohongshuProtocol.parse(push(fixture('push-text.json'), { timestamp: NOW + 5 }), config, '5').messages[0]?.platformMessageId;
    expect(again).toBe(first);
  });

  it('reads images and session events', () => {
    expect(xiaohongshuProtocol.parse(push(fixture('push-image.json')), config, '5').messages[0]).toMatchObject({ kind: 'image', text: 'https://ci.xiaohongshu.com/abc.jpg', platformMessageId: '7311000000000000124' });
    const event = xiaohongshuProtocol.parse(push(fixture('push-event.json')), config, '5');
    expect(event.messages).toEqual([]);
    expect(event.events).toEqual([expect.objectContaining({ kind: 'xiaohongshu.user_enter_tempsession', eventId: 'xhs_user_5f1e2d3c4b:1795687820:user_enter_tempsession' })]);
  });

  it('follows renamed push fields from the config', () => {
    const renamed = xiaohongshuConfigSchema.parse({ ...config, fieldNames: { userId: 'open_id', messageId: 'msg_id', createTime: 'create_time', messageType: 'msg_type', text: 'content' } });
    const plain = JSON.stringify({ open_id: 'u-9', msg_id: 'm-1', create_time: 1795687833, msg_type: 'text', content: '有优惠券吗' });
    const body = Buffer.from(JSON.stringify({ Encrypt: encryptMessage(config.encodingAesKey, plain, config.appId) }));
    expect(xiaohongshuProtocol.parse(push(body), renamed, '5').messages[0]).toMatchObject({ externalUserId: 'u-9', platformMessageId: 'm-1', text: '有优惠券吗' });
  });

  it('refuses a decrypted push that is not JSON or lacks the sender, with a ProtocolError', () => {
    for (const plain of ['<xml>not json</xml>', JSON.stringify({ MsgType: 'text', CreateTime: 1, MsgId: '1' })]) {
      const body = Buffer.from(JSON.stringify({ Encrypt: encryptMessage(config.encodingAesKey, plain, config.appId) }));
      let thrown: unknown;
      try {
        xiaohongshuProtocol.parse(push(body), config, '5');
      } catch (error) {
        thrown = error;
      }
      expect(isProtocolError(thrown)).toBe(true);
    }
  });
});
