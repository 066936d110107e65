import type { ChannelProtocol, ParsedWebhook, RenderedOutbound, ProtocolDeliveryResult, SendContext, VerifyResult, WebhookRequest, WebhookResponse } from '@kefu/shared';
import { isProtocolError, TEXT_ONLY, textOnlyPart } from '@kefu/shared';
import { LarkApi, LarkApiError } from './lark-api';
import { larkConfigSchema, type LarkConfig } from './lark-config';
import { envelopeToken, openLarkEnvelope, urlVerificationSchema } from './lark-envelope';
import { larkSignature, signaturesMatch } from './lark-event-crypto';
import { createHash, timingSafeEqual } from 'node:crypto';
import { larkEventsFromEnvelope } from './lark-events';

const JSON_ACK: WebhookResponse = { status: 200, contentType: 'application/json', body: '{}' };

/**
 * Lark is the agents' side: its webhook carries agents' thread replies and card clicks (platform
 * events), never shopper messages. Verification: X-Lark-Signature over the raw body when an encrypt
 * key is set, and always the verification token inside the (decrypted) event.
 */
export const larkProtocol: ChannelProtocol<LarkConfig> = {
  platform: 'lark',
  configSchema: larkConfigSchema,
  // 5 QPS per bot per group (platforms.md §6).
  sendingRules: { maxSendsPerSecond: 5 },
  // Interactive cards are sent by the desk (handoff-card.ts) through LarkApi, not through this send: text only here.
  sendCapabilities: TEXT_ONLY,

  handshake(request, config) {
    if (request.method !== 'POST') return null;
    let envelope: Record<string, unknown>;
    try {
      envelope = openLarkEnvelope(request.rawBody, config.encryptKey);
    } catch {
      return null; // not decodable: verify/parse say why
    }
    const challenge = urlVerificationSchema.safeParse(envelope);
    if (!challenge.success) return null;
    if (!tokensMatch(config.verificationToken, challenge.data.token)) return { status: 401, contentType: 'text/plain', body: 'verification token does not match' };
    return { status: 200, contentType: 'application/json', body: JSON.stringify({ challenge: challenge.data.challenge }) };
  },

  verify(request, config): VerifyResult {
    if (config.encryptKey) {
      const signed = verifySignature(request, config, config.encryptKey);
      if (!signed.ok) return signed;
    }
    let envelope: Record<string, unknown>;
    try {
      envelope = openLarkEnvelope(request.rawBody, config.encryptKey);
    } catch (error) {
      return { ok: false, status: isProtocolError(error) ? 400 : 401, reason: (error as Error).message };
    }
    // The SDK skips this check for v2 events; we do not, so a leaked URL alone cannot forge clicks.
    // Compared in constant time: the token is the only secret a plaintext-mode account has.
    if (!tokensMatch(config.verificationToken, envelopeToken(envelope))) return { ok: false, status: 401, reason: 'verification token does not match' };
    if (!config.encryptKey) {
      // Without a signature there is no signed timestamp; a v2 event's own create_time still bounds replays.
      const createdAt = Number((envelope.header as { create_time?: unknown } | undefined)?.create_time);
      if (Number.isFinite(createdAt) && createdAt > 0) {
        const skew = Math.abs(request.receivedAt.getTime() - createdAt) / 1000;
        if (skew > config.maxClockSkewSeconds) return { ok: false, status: 401, reason: `event created ${Math.round(skew)} s away from now (window ${config.maxClockSkewSeconds} s)` };
      }
    }
    return { ok: true };
  },

  parse(request, config): ParsedWebhook {
    const envelope = openLarkEnvelope(request.rawBody, config.encryptKey);
    return { messages: [], events: larkEventsFromEnvelope(envelope), ack: JSON_ACK };
  },

  async send(message: RenderedOutbound, context: SendContext<LarkConfig>): Promise<ProtocolDeliveryResult> {
    const api = new LarkApi(context.config, context.cache);
    const receiveIdType = message.externalUserId.startsWith('oc_') ? 'chat_id' : 'open_id';
    try {
      const id = await api.sendText(receiveIdType, message.externalUserId, textOnlyPart(message.parts), `kefu-${message.messageId}`);
      return { status: 'sent', platformMessageId: id };
    } catch (error) {
      if (error instanceof LarkApiError) return { status: 'failed', reason: error.message, retryable: error.retryable, code: String(error.code) };
      throw error;
    }
  },
};

function verifySignature(request: WebhookRequest, config: LarkConfig, encryptKey: string): VerifyResult {
  const timestamp = request.headers['x-lark-request-timestamp'];
  const nonce = request.headers['x-lark-request-nonce'];
  const signature = request.headers['x-lark-signature'];
  if (!timestamp || !nonce || !signature) return { ok: false, status: 401, reason: 'missing X-Lark-Signature, X-Lark-Request-Timestamp or X-Lark-Request-Nonce' };
  const sentAt = Number(timestamp);
  if (!Number.isFinite(sentAt)) return { ok: false, status: 401, reason: 'X-Lark-Request-Timestamp is not a number' };
  const skew = Math.abs(request.receivedAt.getTime() / 1000 - sentAt);
  if (skew > config.maxClockSkewSeconds) return { ok: false, status: 401, reason: `request timestamp is ${Math.round(skew)} s away from now (window ${config.maxClockSkewSeconds} s)` };
  // Lark signs the bytes it sent; the SDK re-serialises the parsed body instead (platforms.md gotcha 3). The raw body is the honest check.
  if (!signaturesMatch(larkSignature(timestamp, nonce, encryptKey, request.rawBody), signature)) return { ok: false, status: 401, reason: 'X-Lark-Signature does not match' };
  return { ok: true };
}

function tokensMatch(expected: string, received: string | undefined): boolean {
  if (typeof received !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(received).digest();
  return timingSafeEqual(a, b);
}
