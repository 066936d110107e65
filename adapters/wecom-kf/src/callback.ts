import { decryptMessage, parseXmlFields, sameSignature, sha1Signature, checkTimestamp, PushRejected, WxCryptError, type PushFields } from '@kefu/wechat-crypto';
import { isProtocolError, ProtocolError, type ParsedWebhook, type VerifyResult, type WebhookRequest, type WebhookResponse } from '@kefu/shared';
import { readWecomKfCallback } from './callback-schema';
import type { WecomKfConfig } from './wecom-kf-config';

const text = (status: number, body: string): WebhookResponse => ({ status, contentType: 'text/plain; charset=utf-8', body });

/** Checks msg_signature over the ciphertext and decrypts it; the receiveId must be this corp. */
function openCiphertext(config: WecomKfConfig, query: Record<string, string>, ciphertext: string): string {
  if (!sameSignature(sha1Signature(config.token, query.timestamp ?? '', query.nonce ?? '', ciphertext), query.msg_signature)) throw new PushRejected(401, 'bad msg_signature');
  try {
    const { message, receiveId } = decryptMessage(config.encodingAesKey, ciphertext);
    if (receiveId !== config.corpId) throw new PushRejected(401, 'callback is addressed to another CorpID');
    return message;
  } catch (error) {
    if (error instanceof WxCryptError) throw new PushRejected(401, `cannot decrypt: ${error.message}`);
    throw error;
  }
}

/** The URL verification: echostr is encrypted; the answer is its plaintext. */
export function wecomKfHandshake(request: WebhookRequest, config: WecomKfConfig): WebhookResponse | null {
  if (request.method !== 'GET' || request.query.echostr === undefined) return null;
  try {
    checkTimestamp(request.query, request.receivedAt, config.timestampToleranceSeconds);
    return text(200, openCiphertext(config, request.query, request.query.echostr));
  } catch (error) {
    if (error instanceof PushRejected) return text(error.status, error.message);
    throw error;
  }
}

const opened = new WeakMap<WebhookRequest, { config: WecomKfConfig; fields: PushFields }>();

function openCallback(request: WebhookRequest, config: WecomKfConfig): PushFields {
  const cached = opened.get(request);
  if (cached?.config === config) return cached.fields;
  checkTimestamp(request.query, request.receivedAt, config.timestampToleranceSeconds);
  let envelope: PushFields;
  try {
    envelope = parseXmlFields(request.rawBody.toString('utf8'));
  } catch (error) {
    if (isProtocolError(error)) throw new PushRejected(400, error.message);
    throw error;
  }
  if (!envelope.Encrypt) throw new PushRejected(400, 'callback without an Encrypt field');
  let fields: PushFields;
  try {
    fields = parseXmlFields(openCiphertext(config, request.query, envelope.Encrypt));
  } catch (error) {
    if (isProtocolError(error)) throw new PushRejected(400, error.message);
    throw error;
  }
  opened.set(request, { config, fields });
  return fields;
}

export function verifyWecomKfCallback(request: WebhookRequest, config: WecomKfConfig): VerifyResult {
  try {
    openCallback(request, config);
    return { ok: true };
  } catch (error) {
    if (error instanceof PushRejected) return { ok: false, status: error.status, reason: error.message };
    throw error;
  }
}

/**
 * The callback only says "messages are waiting" (kf_msg_or_event with a sync Token and the kf
 * account); the messages themselves are fetched with sync_msg by the platform event handler.
 */
export function parseWecomKfCallback(request: WebhookRequest, config: WecomKfConfig): ParsedWebhook {
  let opened: PushFields;
  try {
    opened = openCallback(request, config);
  } catch (error) {
    if (error instanceof PushRejected) throw new ProtocolError(error.message);
    throw error;
  }
  const fields = readWecomKfCallback(opened);
  const ack = text(200, 'success');
  return {
    messages: [],
    events: [{ kind: `wecom-kf.${fields.Event}`, eventId: `${fields.OpenKfId ?? ''}:${fields.CreateTime}:${fields.Token ?? ''}`, payload: { ...fields } }],
    ack,
  };
}
