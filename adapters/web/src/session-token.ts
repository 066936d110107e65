import { signPayload, verifyPayload } from './signed-token';

/** What a web session token proves: this bearer is this identity on this tenant's web channel. */
export interface WebSessionClaims {
  tenantId: number;
  channelAccountId: number;
  identityId: number;
  externalId: string;
  /** Expiry, seconds since epoch. */
  exp: number;
}

const THIRTY_DAYS = 30 * 24 * 3600;

export function issueSessionToken(claims: Omit<WebSessionClaims, 'exp'>, secret: string, ttlSeconds = THIRTY_DAYS): string {
  return signPayload({ ...claims, exp: Math.floor(Date.now() / 1000) + ttlSeconds }, secret);
}

export function verifySessionToken(token: string, secret: string): WebSessionClaims | null {
  const claims = verifyPayload<WebSessionClaims>(token, secret);
  if (!claims || typeof claims.exp !== 'number' || claims.exp < Date.now() / 1000) return null;
  if (![claims.tenantId, claims.channelAccountId, claims.identityId].every(Number.isInteger)) return null;
  return claims;
}
