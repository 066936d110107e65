import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookRequest } from '@kefu/shared';
import { protocolErrorOf } from '../../../shared/test/support/protocol-error-of';
import { decryptMessage, encryptMessage, sha1Signature } from '@kefu/wechat-crypto';
import { xiaohongshuConfigSchema, xiaohongshuProtocol } from '../src';

const config = xiaohongshuConfigSchema.parse({ appId: 'xhs-mp-65a0f1c2', token: 'xhsPushToken', encodingAesKey: 'kefuXhsTestEncodingAesKey0123456789abcdefgh', timestampToleranceSeconds: 3600 });

/** The recorded push's decrypted JSON text (the fixtures hold the ciphertext as it arrives). */
function recordedPlain(name: string): string {
  const envelope = JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as { Encrypt: string };
  return decryptMessage(config.encodingAesKey, envelope.Encrypt).message;
}

function push(plain: string): WebhookRequest {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const encrypt = encryptMessage(config.encodingAesKey, plain, config.appId);
  const query = { timestamp, nonce: '4', msg_signature: sha1Signature(config.token, timestamp, '4', encrypt) };
  return { method: 'POST', query, headers: {}, rawBody: Buffer.from(JSON.stringify({ Encrypt: encrypt })), receivedAt: new Date() };
}

const parseError = (plain: string) => protocolErrorOf(() => xiaohongshuProtocol.parse(push(plain), config, '5'));

const edited = (plain: string, change: (push: Record<string, unknown>) => void) => {
  const push = JSON.parse(plain) as Record<string, unknown>;
  change(push);
  return JSON.stringify(push);
};

/** The WeChat-shaped default field names (config.ts): every push, plus what a text, an image and an event add. */
const DOCUMENTED: [file: string, fields: string[]][] = [
  ['push-text.json', ['FromUserName', 'CreateTime', 'MsgType', 'MsgId', 'Content']],
  ['push-image.json', ['FromUserName', 'CreateTime', 'MsgType', 'MsgId']],
  ['push-event.json', ['FromUserName', 'CreateTime', 'MsgType', 'Event']],
];

describe('xiaohongshu pushes are checked against their shape (zod) after decryption', () => {
  it.each(DOCUMENTED)('%s as recorded parses', (file) => {
    const parsed = xiaohongshuProtocol.parse(push(recordedPlain(file)), config, '5');
    expect(parsed.messages.length + parsed.events.length).toBe(1);
  });

  it.each(DOCUMENTED)('%s without any one needed field is refused, naming the field', (file, fields) => {
    for (const field of fields) {
      expect(parseError(edited(recordedPlain(file), (p) => delete p[field]))).toMatch(new RegExp(`^not a Xiaohongshu.* push: .*${field}`));
    }
  });

  it('refuses fields of the wrong type: a CreateTime that is not a number, text that is not a string', () => {
    expect(parseError(edited(recordedPlain('push-text.json'), (p) => (p.CreateTime = 'yesterday')))).toMatch(/CreateTime/);
    expect(parseError(edited(recordedPlain('push-text.json'), (p) => (p.Content = ['有', '货'])))).toMatch(/Content/);
    expect(parseError(edited(recordedPlain('push-image.json'), (p) => (p.FromUserName = 42)))).toMatch(/FromUserName/);
  });
});
