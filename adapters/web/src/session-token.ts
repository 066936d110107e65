import { signPayload, verifyPayload } from './signed-token';

/** What a web session token proves: this bearer is this identity on this tenant's web channel. */
export interface WebSessionClaims {
  tenantId: number;
  channelAccountId: number;
  identityId: number;
  externalId: string;
  /** Expiry, seconds since epoch. */
  exp: number;
  /**
   * Issue time in milliseconds (sub-second, so a session started right after a revocation is not
   * taken for one from before it). Absent on tokens issued before revocation existed.
   */
  issuedAtMs?: number;
}

const THIRTY_DAYS = 30 * 24 * 3600;

export function issueSessionToken(claims: Omit<WebSessionClaims, 'exp' | 'issuedAtMs'>, secret: string, ttlSeconds = THIRTY_DAYS): string {
  const now = Date.now();
  return signPayload({ ...claims, exp: Math.floor(now / 1000) + ttlSeconds, issuedAtMs: now }, secret);
}

export function verifySessionToken(token: string, secret: string): WebSessionClaims | null {
  const claims = verifyPayload<WebSessionClaims>(token, secret);
  if (!claims || typeof claims.exp !== 'number' || claims.exp < Date.now() / 1000) return null;
  if (![claims.tenantId, claims.channelAccountId, claims.identityId].every(Number.isInteger)) return null;
  return claims;
}
