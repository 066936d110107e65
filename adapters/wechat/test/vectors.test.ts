import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { WebhookRequest } from '@kefu/shared';
import { decryptMessage, encryptMessage, parseXmlFields, sha1Signature } from '@kefu/wechat-crypto';
import { wechatConfigSchema, wechatProtocol } from '../src';

/** The official WXBizMsgCrypt vectors (../shared/data/platform-vectors), read in place, never copied. */
const vectorsFile = join(process.env.KEFU_SHARED_DATA ?? resolve(__dirname, '..', '..', '..', '..', 'shared', 'data'), 'platform-vectors', 'wxbizmsgcrypt-vectors.json');
const present = existsSync(vectorsFile);
if (!present) console.warn(`skipping WXBizMsgCrypt vectors: ${vectorsFile} is absent`);
const describeVectors = present ? describe : describe.skip;

interface WecomVector {
  token: string;
  encodingAesKey: string;
  receiveId: string;
  verifyUrl: { msg_signature: string; timestamp: string; nonce: string; echostr: string; plaintext: string };
  decrypt: { msg_signature: string; timestamp: string; nonce: string; encrypt: string; plaintext: string };
}
interface WechatDecryptVector {
  token: string;
  encodingAesKey: string;
  appId: string;
  msg_signature: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  plaintext?: string;
}
interface Vectors {
  A_java_sample_fixed_random_encrypt: { token: string; encodingAesKey: string; appId: string; random: string; cases: { msg: string; encrypt: string }[] };
  B_wecom_classic_sample: WecomVector;
  B2_wecom_current_python_sample: WecomVector;
  C_wechat_python_sample_decrypt: WechatDecryptVector;
  D_wechat_cpp_sample_decrypt: WechatDecryptVector;
  E_official_doc_message_push: WechatDecryptVector & {
    signature_3field: string;
    reply: { random: string; msg: string; timestamp: string; nonce: string; encrypt: string; msg_signature: string };
  };
  F_plain_3field_signatures_official_docs: { cases: { token: string; timestamp: string; nonce: string; echostr?: string; signature: string }[] };
}

const vectors = (present ? JSON.parse(readFileSync(vectorsFile, 'utf8')) : {}) as Vectors;

function request(query: Record<string, string>, body: string, method: 'GET' | 'POST' = 'POST'): WebhookRequest {
  return { method, query, headers: {}, rawBody: Buffer.from(body, 'utf8'), receivedAt: new Date(Number(query.timestamp) * 1000) };
}

describeVectors('official WXBizMsgCrypt vectors', () => {
  it('A: encrypting with the sample fixed random gives the Java sample ciphertexts byte for byte', () => {
    const a = vectors.A_java_sample_fixed_random_encrypt;
    for (const c of a.cases) {
      expect(encryptMessage(a.encodingAesKey, c.msg, a.appId, Buffer.from(a.random, 'utf8'))).toBe(c.encrypt);
      expect(decryptMessage(a.encodingAesKey, c.encrypt)).toEqual({ message: c.msg, receiveId: a.appId });
    }
  });

  it.each(['B_wecom_classic_sample', 'B2_wecom_current_python_sample'] as const)('%s: URL verification and message decryption', (name) => {
    const v = vectors[name];
    expect(sha1Signature(v.token, v.verifyUrl.timestamp, v.verifyUrl.nonce, v.verifyUrl.echostr)).toBe(v.verifyUrl.msg_signature);
    expect(decryptMessage(v.encodingAesKey, v.verifyUrl.echostr)).toEqual({ message: v.verifyUrl.plaintext, receiveId: v.receiveId });
    expect(sha1Signature(v.token, v.decrypt.timestamp, v.decrypt.nonce, v.decrypt.encrypt)).toBe(v.decrypt.msg_signature);
    expect(decryptMessage(v.encodingAesKey, v.decrypt.encrypt)).toEqual({ message: v.decrypt.plaintext, receiveId: v.receiveId });
  });

  it.each(['C_wechat_python_sample_decrypt', 'E_official_doc_message_push'] as const)('%s: msg_signature and decryption, newlines kept', (name) => {
    const v = vectors[name];
    expect(sha1Signature(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.msg_signature);
    expect(decryptMessage(v.encodingAesKey, v.encrypt)).toEqual({ message: v.plaintext, receiveId: v.appId });
  });

  it('D: the C++ sample decrypts to a well-formed push for its AppID', () => {
    const v = vectors.D_wechat_cpp_sample_decrypt;
    expect(sha1Signature(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.msg_signature);
    const { message, receiveId } = decryptMessage(v.encodingAesKey, v.encrypt);
    expect(receiveId).toBe(v.appId);
    expect(parseXmlFields(message)).toMatchObject({ MsgType: expect.any(String), FromUserName: expect.any(String) });
  });

  it('E: the URL signature and the encrypted reply example (32-byte padding, pad 22)', () => {
    const v = vectors.E_official_doc_message_push;
    expect(sha1Signature(v.token, v.timestamp, v.nonce)).toBe(v.signature_3field);
    const r = v.reply;
    expect(encryptMessage(v.encodingAesKey, r.msg, v.appId, Buffer.from(r.random, 'utf8'))).toBe(r.encrypt);
    expect(sha1Signature(v.token, r.timestamp, r.nonce, r.encrypt)).toBe(r.msg_signature);
  });

  it('F: the plain 3-field signatures; the handshake echoes echostr only when signed', () => {
    for (const c of vectors.F_plain_3field_signatures_official_docs.cases) expect(sha1Signature(c.token, c.timestamp, c.nonce)).toBe(c.signature);
    const [c] = vectors.F_plain_3field_signatures_official_docs.cases;
    const config = wechatConfigSchema.parse({ appId: 'wx-any', appSecret: 's', token: c!.token, mode: 'plain' });
    const query = { signature: c!.signature, timestamp: c!.timestamp, nonce: c!.nonce, echostr: c!.echostr! };
    expect(wechatProtocol.handshake!(request(query, '', 'GET'), config)).toMatchObject({ status: 200, body: c!.echostr });
    expect(wechatProtocol.handshake!(request({ ...query, signature: '0'.repeat(40) }, '', 'GET'), config)).toMatchObject({ status: 401 });
  });

  it('C and E through the protocol: a safe-mode push is verified, decrypted and parsed', () => {
    const c = vectors.C_wechat_python_sample_decrypt;
    const config = wechatConfigSchema.parse({ appId: c.appId, appSecret: 's', token: c.token, encodingAesKey: c.encodingAesKey, mode: 'safe' });
    const query = { timestamp: c.timestamp, nonce: c.nonce, encrypt_type: 'aes', msg_signature: c.msg_signature };
    const body = `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[${c.encrypt}]]></Encrypt></xml>`;
    const req = request(query, body);
    expect(wechatProtocol.verify(req, config)).toEqual({ ok: true });
    const parsed = wechatProtocol.parse(req, config, '7');
    expect(parsed.messages).toEqual([
      expect.objectContaining({ channelAccountId: '7', platform: 'wechat', platformMessageId: '6054768590064713728', externalUserId: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs', kind: 'text', text: 'abcdteT' }),
    ]);

    const e = vectors.E_official_doc_message_push;
    const eConfig = wechatConfigSchema.parse({ appId: e.appId, appSecret: 's', token: e.token, encodingAesKey: e.encodingAesKey, mode: 'safe' });
    const eReq = request({ timestamp: e.timestamp, nonce: e.nonce, encrypt_type: 'aes', msg_signature: e.msg_signature, signature: e.signature_3field }, `<xml><Encrypt><![CDATA[${e.encrypt}]]></Encrypt></xml>`);
    expect(wechatProtocol.verify(eReq, eConfig)).toEqual({ ok: true });
    expect(wechatProtocol.parse(eReq, eConfig, '7').events).toEqual([expect.objectContaining({ kind: 'wechat.debug_demo', eventId: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY:1715943329:debug_demo' })]);
    // The same push for another AppID is refused: the receiveId inside the ciphertext must match.
    expect(wechatProtocol.verify(eReq, { ...eConfig, appId: 'wx-someone-else' })).toMatchObject({ ok: false, status: 401 });
  });
});
