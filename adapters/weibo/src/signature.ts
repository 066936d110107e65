import { createHash, timingSafeEqual } from 'node:crypto';
import type { VerifyResult, WebhookRequest, WebhookResponse } from '@kefu/shared';
import type { WeiboConfig } from './config';

/** sha1hex of [appsecret, timestamp, nonce] sorted lexicographically and joined without a separator. */
export function weiboSignature(appSecret: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([appSecret, timestamp, nonce].sort().join('')).digest('hex');
}

function checkSignature(request: WebhookRequest, config: WeiboConfig): VerifyResult {
  const { signature, timestamp, nonce } = request.query;
  if (!signature || !timestamp || !nonce) return { ok: false, status: 401, reason: 'missing signature, timestamp or nonce' };
  const expected = Buffer.from(weiboSignature(config.appSecret, timestamp, nonce));
  const received = Buffer.from(signature.toLowerCase());
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) return { ok: false, status: 401, reason: 'signature does not match sha1(sort(appsecret, timestamp, nonce))' };
  const signedAt = Number(timestamp);
  if (!Number.isFinite(signedAt)) return { ok: false, status: 400, reason: 'timestamp is not a number' };
  const ageSeconds = Math.abs(request.receivedAt.getTime() - signedAt) / 1000;
  if (ageSeconds > config.timestampWindowSeconds) return { ok: false, status: 403, reason: `timestamp is ${Math.round(ageSeconds)} s away from now, outside the ${config.timestampWindowSeconds} s window` };
  return { ok: true };
}

/** GET with echostr: the URL check, answered with echostr unchanged once the signature matches. */
export function weiboHandshake(request: WebhookRequest, config: WeiboConfig): WebhookResponse | null {
  if (request.method !== 'GET' || request.query.echostr === undefined) return null;
  const verdict = checkSignature(request, config);
  if (!verdict.ok) return { status: verdict.status, contentType: 'text/plain', body: verdict.reason };
  return { status: 200, contentType: 'text/plain', body: request.query.echostr };
}

export function verifyWeiboPush(request: WebhookRequest, config: WeiboConfig): VerifyResult {
  if (request.method !== 'POST') return { ok: false, status: 400, reason: 'pushes are POSTs; a GET needs echostr' };
  return checkSignature(request, config);
}
