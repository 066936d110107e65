import { timingSafeEqual } from 'node:crypto';

/** A push rejected on the way in, with the HTTP status the platform gets. */
export class PushRejected extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** Compares a computed hex signature with the one the platform sent, in constant time (upper-case hex accepted). */
export function sameSignature(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Throws PushRejected when the timestamp is missing or outside the tolerance (a replayed push). */
export function checkTimestamp(query: Record<string, string>, receivedAt: Date, toleranceSeconds: number, outsideStatus: 401 | 403 = 401): void {
  const timestamp = Number(query.timestamp);
  if (!query.timestamp || !Number.isFinite(timestamp)) throw new PushRejected(401, 'missing timestamp');
  if (Math.abs(receivedAt.getTime() / 1000 - timestamp) > toleranceSeconds) throw new PushRejected(outsideStatus, `timestamp outside the ${toleranceSeconds}-second replay window`);
}
