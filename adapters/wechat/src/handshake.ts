import type { WebhookRequest, WebhookResponse } from '@kefu/shared';
import { checkTimestamp, decryptMessage, PushRejected, sameSignature, sha1Signature, WxCryptError } from '@kefu/wechat-crypto';
import type { WechatConfig } from './wechat-config';

const text = (status: number, body: string): WebhookResponse => ({ status, contentType: 'text/plain; charset=utf-8', body });

/**
 * The GET URL verification: echo `echostr` when `signature` = sha1(sort(token, timestamp, nonce)).
 * When the platform sends `msg_signature` instead (open-platform and WeCom style), echostr is
 * encrypted: it is checked with the 4-field signature and answered decrypted.
 */
export function wechatHandshake(request: WebhookRequest, config: WechatConfig): WebhookResponse | null {
  const { query } = request;
  if (request.method !== 'GET' || query.echostr === undefined) return null;
  try {
    checkTimestamp(query, request.receivedAt, config.timestampToleranceSeconds);
  } catch (error) {
    if (error instanceof PushRejected) return text(error.status, error.message);
    throw error;
  }
  const timestamp = query.timestamp ?? '';
  const nonce = query.nonce ?? '';
  if (query.msg_signature !== undefined) {
    if (!config.encodingAesKey) return text(401, 'encrypted handshake on an account without an EncodingAESKey');
    if (!sameSignature(sha1Signature(config.token, timestamp, nonce, query.echostr), query.msg_signature)) return text(401, 'bad msg_signature');
    try {
      const { message, receiveId } = decryptMessage(config.encodingAesKey, query.echostr);
      if (receiveId !== config.appId) return text(401, 'echostr is addressed to another AppID');
      return text(200, message);
    } catch (error) {
      if (error instanceof WxCryptError) return text(401, `cannot decrypt echostr: ${error.message}`);
      throw error;
    }
  }
  if (!sameSignature(sha1Signature(config.token, timestamp, nonce), query.signature)) return text(401, 'bad signature');
  return text(200, query.echostr);
}
