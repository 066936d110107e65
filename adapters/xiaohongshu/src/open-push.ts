import { ProtocolError, type VerifyResult, type WebhookRequest, type WebhookResponse } from '@kefu/shared';
import { checkTimestamp, decryptMessage, PushRejected, sameSignature, sha1Signature, WxCryptError } from '@kefu/wechat-crypto';
import type { XiaohongshuConfig } from './config';

/** The GET check, the same 3-field scheme as WeChat: echostr back unchanged when the signature matches. */
export function xiaohongshuHandshake(request: WebhookRequest, config: XiaohongshuConfig): WebhookResponse | null {
  const { signature, timestamp, nonce, echostr } = request.query;
  if (request.method !== 'GET' || echostr === undefined) return null;
  if (!sameSignature(sha1Signature(config.token, timestamp ?? '', nonce ?? ''), signature)) return { status: 401, contentType: 'text/plain', body: 'bad signature' };
  return { status: 200, contentType: 'text/plain', body: echostr };
}

function readJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ProtocolError(`${what} is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * Checks the timestamp window and the signature, decrypts with WXBizMsgCrypt (@kefu/wechat-crypto:
 * one copy of the algorithm) and returns the decrypted push. Throws PushRejected
 * for anything the sender must not get through, ProtocolError for a body that is not a push.
 */
export interface OpenedPush {
  fields: Record<string, unknown>;
  /** The decrypted JSON text: 64-bit ids must be read from it, JSON.parse rounds them. */
  text: string;
}

export function openPush(request: WebhookRequest, config: XiaohongshuConfig): OpenedPush {
  const { timestamp, nonce } = request.query;
  checkTimestamp(request.query, request.receivedAt, config.timestampToleranceSeconds, 403);
  const envelope = readJsonObject(request.rawBody.toString('utf8'), 'body');
  const ciphertext = envelope.Encrypt;
  if (typeof ciphertext !== 'string' || !ciphertext) throw new PushRejected(400, 'push without an Encrypt field (pushes are ciphertext only)');
  const signatureOk =
    config.pushSignature === 'msg_signature'
      ? sameSignature(sha1Signature(config.token, timestamp ?? '', nonce ?? '', ciphertext), request.query.msg_signature)
      : sameSignature(sha1Signature(config.token, timestamp ?? '', nonce ?? ''), request.query.signature);
  if (!signatureOk) throw new PushRejected(401, `bad ${config.pushSignature}`);
  let decrypted: { message: string; receiveId: string };
  try {
    decrypted = decryptMessage(config.encodingAesKey, ciphertext);
  } catch (error) {
    if (error instanceof WxCryptError) throw new PushRejected(401, `cannot decrypt: ${error.message}`);
    throw error;
  }
  if (config.checkReceiveId && decrypted.receiveId !== config.appId) throw new PushRejected(401, 'decrypted push is addressed to another app id');
  return { fields: readJsonObject(decrypted.message, 'decrypted push'), text: decrypted.message };
}

export function verifyXiaohongshuPush(request: WebhookRequest, config: XiaohongshuConfig): VerifyResult {
  if (request.method !== 'POST') return { ok: false, status: 400, reason: 'pushes are POSTs; a GET needs echostr' };
  try {
    openPush(request, config);
    return { ok: true };
  } catch (error) {
    if (error instanceof PushRejected) return { ok: false, status: error.status, reason: error.message };
    if (error instanceof ProtocolError) return { ok: false, status: 400, reason: error.message };
    throw error;
  }
}
