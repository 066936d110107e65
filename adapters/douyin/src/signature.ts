import { createHash, timingSafeEqual } from 'node:crypto';

/** X-Douyin-Signature = sha1hex(secret + rawBody) over the exact bytes received (platforms.md §3). */
export function douyinSignature(secret: string, rawBody: Buffer): string {
  return createHash('sha1').update(Buffer.concat([Buffer.from(secret, 'utf8'), rawBody])).digest('hex');
}

export function signatureMatches(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received.trim().toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
