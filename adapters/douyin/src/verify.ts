import type { VerifyResult, WebhookRequest, WebhookResponse } from '@kefu/shared';
import { signingSecret, type DouyinConfig } from './config';
import { douyinSignature, signatureMatches } from './signature';

/**
 * Douyin's URL check is a POST `{"event":"verify_webhook","content":{"challenge":N}}` answered with
 * `{"challenge":N}` at once. Echoing the number reveals nothing, so it is answered before the
 * signature check; a forged check only gets its own number back.
 */
export function douyinHandshake(request: WebhookRequest): WebhookResponse | null {
  if (request.method !== 'POST') return null;
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return null;
  }
  if (!isRecord(body) || body.event !== 'verify_webhook') return null;
  const content = isRecord(body.content) ? body.content : typeof body.content === 'string' ? tryJson(body.content) : null;
  const challenge = content?.challenge;
  if (typeof challenge !== 'number' && typeof challenge !== 'string') return { status: 400, contentType: 'text/plain', body: 'verify_webhook without content.challenge' };
  return { status: 200, contentType: 'application/json', body: JSON.stringify({ challenge }) };
}

/** Signature over the raw bytes, then the replay window on the event's own create_time (covered by the signature). */
export function verifyDouyinWebhook(request: WebhookRequest, config: DouyinConfig): VerifyResult {
  if (request.method !== 'POST') return { ok: false, status: 400, reason: 'Douyin webhooks are POSTs' };
  const received = request.headers['x-douyin-signature'];
  if (!received) return { ok: false, status: 401, reason: 'missing X-Douyin-Signature' };
  if (!signatureMatches(douyinSignature(signingSecret(config), request.rawBody), received)) return { ok: false, status: 401, reason: 'X-Douyin-Signature does not match the body' };
  // Without its own time a signed event could be replayed for ever: every documented event carries one.
  const createdAt = eventTime(request.rawBody);
  if (createdAt === null) return { ok: false, status: 403, reason: 'event has no create_time, so its age cannot be checked against the replay window' };
  const ageSeconds = (request.receivedAt.getTime() - createdAt) / 1000;
  if (ageSeconds > config.replayWindowSeconds) return { ok: false, status: 403, reason: `event created ${Math.round(ageSeconds)} s ago, outside the ${config.replayWindowSeconds} s replay window` };
  if (ageSeconds < -config.replayWindowSeconds) return { ok: false, status: 403, reason: 'event created in the future, outside the replay window' };
  return { ok: true };
}

/** The event's create_time in ms, from content (私信) or the top level (客服平台); null when it has none. */
function eventTime(rawBody: Buffer): number | null {
  const body = tryJson(rawBody.toString('utf8'));
  if (!body) return null;
  const content = isRecord(body.content) ? body.content : typeof body.content === 'string' ? tryJson(body.content) : null;
  const value = content?.create_time ?? body.create_time;
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return value < 1e12 ? value * 1000 : value;
}

function tryJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
