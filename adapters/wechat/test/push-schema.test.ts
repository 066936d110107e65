import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookRequest } from '@kefu/shared';
import { protocolErrorOf } from '../../../shared/test/support/protocol-error-of';
import { encryptMessage, sha1Signature } from '@kefu/wechat-crypto';
import { wechatConfigSchema, wechatProtocol } from '../src';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const config = wechatConfigSchema.parse({ appId: 'wx-schema', appSecret: 's', token: 'schema-token', encodingAesKey: AES_KEY, mode: 'safe', timestampToleranceSeconds: 3600 });
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

/** A safe-mode push of `plain`, signed and encrypted the way WeChat's servers do it. */
function push(plain: string): WebhookRequest {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const encrypt = encryptMessage(AES_KEY, plain, config.appId);
  const query = { timestamp, nonce: '3', encrypt_type: 'aes', msg_signature: sha1Signature(config.token, timestamp, '3', encrypt) };
  return { method: 'POST', query, headers: {}, rawBody: Buffer.from(`<xml><ToUserName>gh</ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`), receivedAt: new Date() };
}

const parseError = (plain: string) => protocolErrorOf(() => wechatProtocol.parse(push(plain), config, '1'));

const withoutElement = (xml: string, name: string) => xml.replace(new RegExp(`<${name}>.*?</${name}>\\n?`, 's'), '');
const withElement = (xml: string, name: string, value: string) => xml.replace(new RegExp(`<${name}>.*?</${name}>`, 's'), `<${name}>${value}</${name}>`);

/** The fields platforms.md §1.4 says each push type carries: the common four plus the type's own. */
const COMMON = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType'];
const DOCUMENTED: [file: string, fields: string[]][] = [
  ['text.xml', [...COMMON, 'Content', 'MsgId']],
  ['image.xml', [...COMMON, 'PicUrl', 'MediaId', 'MsgId']],
  ['event-subscribe.xml', [...COMMON, 'Event']],
];

describe('wechat pushes are checked against their documented shape (zod) after decryption', () => {
  it.each(DOCUMENTED)('%s as recorded parses', (file) => {
    const parsed = wechatProtocol.parse(push(fixture(file)), config, '1');
    expect(parsed.messages.length + parsed.events.length).toBe(1);
  });

  it.each(DOCUMENTED)('%s without any one documented field is refused, naming the field', (file, fields) => {
    for (const field of fields) expect(parseError(withoutElement(fixture(file), field))).toMatch(new RegExp(`^not a WeChat.* push: .*${field}`));
  });

  it('a field the type does not need may be missing (EventKey of a plain subscribe)', () => {
    expect(wechatProtocol.parse(push(withoutElement(fixture('event-subscribe.xml'), 'EventKey')), config, '1').events).toHaveLength(1);
  });

  it('refuses fields of the wrong type: a CreateTime or MsgId that is not a number', () => {
    expect(parseError(withElement(fixture('text.xml'), 'CreateTime', 'yesterday'))).toMatch(/CreateTime expected a decimal number/);
    expect(parseError(withElement(fixture('text.xml'), 'MsgId', '<![CDATA[abc]]>'))).toMatch(/MsgId expected a decimal number/);
  });

  it('Mini Program JSON pushes: numbers are accepted as numbers, an object where text belongs is refused', () => {
    const json = JSON.parse(fixture('miniprogram-text.json')) as Record<string, unknown>;
    const mp = wechatConfigSchema.parse({ ...config, kind: 'mini_program', format: 'json' });
    const parseJson = (value: unknown) => wechatProtocol.parse(push(JSON.stringify(value)), mp, '1');
    expect(parseJson(json).messages[0]).toMatchObject({ externalUserId: 'oMp-shopper-1', text: '在吗', platformMessageId: '23456789012345678' });
    expect(() => parseJson({ ...json, Content: { text: '在吗' } })).toThrow(/not a WeChat text push: Content/);
    expect(() => parseJson({ ...json, FromUserName: undefined })).toThrow(/FromUserName/);
  });
});
