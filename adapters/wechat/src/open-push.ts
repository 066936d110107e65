import { isProtocolError, type VerifyResult, type WebhookRequest } from '@kefu/shared';
import { checkTimestamp, decryptMessage, parseFields, PushRejected, sameSignature, sha1Signature, WxCryptError, type PushFields } from '@kefu/wechat-crypto';
import type { WechatConfig } from './wechat-config';

export interface OpenedPush {
  fields: PushFields;
  format: 'xml' | 'json';
  /** The push came encrypted (encrypt_type=aes): the passive reply must be encrypted too. */
  encrypted: boolean;
}

// verify and parse see the same request object: the decrypted push is kept for parse instead of decrypting twice.
const opened = new WeakMap<WebhookRequest, { config: WechatConfig; push: OpenedPush }>();

export function bodyFormat(body: string): 'xml' | 'json' {
  return body.trimStart().startsWith('{') ? 'json' : 'xml';
}

/**
 * Checks and opens a WeChat push in any of the three modes: plain pushes carry the 3-field
 * `signature`; encrypted ones (safe, or compatible with encrypt_type=aes) are checked by the
 * 4-field `msg_signature`, decrypted, and must name this account's AppID.
 */
export function openPush(request: WebhookRequest, config: WechatConfig): OpenedPush {
  const cached = opened.get(request);
  if (cached?.config === config) return cached.push;
  const { query } = request;
  checkTimestamp(query, request.receivedAt, config.timestampToleranceSeconds);
  const nonce = query.nonce ?? '';
  const body = request.rawBody.toString('utf8');
  const format = bodyFormat(body);
  const encrypted = query.encrypt_type === 'aes';
  if (!encrypted && config.mode === 'safe') throw new PushRejected(401, 'this account is in safe mode: unencrypted pushes are refused');
  if (encrypted && config.mode === 'plain') throw new PushRejected(401, 'this account is in plain mode: encrypted pushes are refused');

  let result: OpenedPush;
  if (!encrypted) {
    if (!sameSignature(sha1Signature(config.token, query.timestamp ?? '', nonce), query.signature)) throw new PushRejected(401, 'bad signature');
    result = { fields: parseBody(body, format), format, encrypted };
  } else {
    const envelope = parseBody(body, format);
    const ciphertext = envelope.Encrypt;
    if (!ciphertext) throw new PushRejected(400, 'encrypted push without an Encrypt field');
    if (!sameSignature(sha1Signature(config.token, query.timestamp ?? '', nonce, ciphertext), query.msg_signature)) throw new PushRejected(401, 'bad msg_signature');
    let plain: string;
    let receiveId: string;
    try {
      ({ message: plain, receiveId } = decryptMessage(config.encodingAesKey ?? '', ciphertext));
    } catch (error) {
      if (error instanceof WxCryptError) throw new PushRejected(401, `cannot decrypt: ${error.message}`);
      throw error;
    }
    if (receiveId !== config.appId) throw new PushRejected(401, 'decrypted push is addressed to another AppID');
    result = { fields: parseBody(plain, bodyFormat(plain)), format, encrypted };
  }
  opened.set(request, { config, push: result });
  return result;
}

function parseBody(body: string, format: 'xml' | 'json'): PushFields {
  try {
    return parseFields(body, format);
  } catch (error) {
    if (isProtocolError(error)) throw new PushRejected(400, error.message);
    throw error;
  }
}

export function verifyPush(request: WebhookRequest, config: WechatConfig): VerifyResult {
  try {
    openPush(request, config);
    return { ok: true };
  } catch (error) {
    if (error instanceof PushRejected) return { ok: false, status: error.status, reason: error.message };
    throw error;
  }
}
