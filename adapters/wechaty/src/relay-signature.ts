import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-kefu-timestamp';
export const SIGNATURE_HEADER = 'x-kefu-signature';

/** HMAC-SHA256(secret, timestamp + "\n" + body) in hex: what gateway and core sign their requests with. */
export function relaySignature(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}\n`).update(body).digest('hex');
}

export function signedRelayHeaders(secret: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  return { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: relaySignature(secret, timestamp, body) };
}

/** Null when the request is authentic and fresh; otherwise why not. */
export function checkRelaySignature(secret: string, headers: Record<string, string | undefined>, body: Buffer | string, nowMs: number, maxSkewSeconds: number): string | null {
  const timestamp = headers[TIMESTAMP_HEADER];
  const signature = headers[SIGNATURE_HEADER];
  if (!timestamp || !signature) return `missing ${TIMESTAMP_HEADER} or ${SIGNATURE_HEADER}`;
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (!Number.isFinite(skew) || skew > maxSkewSeconds) return `timestamp outside the ${maxSkewSeconds} s window`;
  const expected = Buffer.from(relaySignature(secret, timestamp, body));
  const received = Buffer.from(signature.toLowerCase());
  return expected.length === received.length && timingSafeEqual(expected, received) ? null : 'signature does not match';
}
