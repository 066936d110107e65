import { signPayload, verifyPayload } from './signed-token';

/**
 * A merchant's site signs this for a logged-in shopper with the tenant's shopper-token secret, so
 * Kefu can bind the web visitor to the merchant's customer record (strong identity evidence).
 */
export interface ShopperClaims {
  /** The merchant's customer reference. */
  ref: string;
  name?: string;
  /** Expiry, seconds since epoch. */
  exp: number;
  /** Issued at, seconds since epoch. Optional; when present it also bounds the token's age. */
  iat?: number;
}

/**
 * The longest a shopper token may live, whatever the merchant's site put in `exp`: it only starts a
 * session, so it should be minted when the chat opens. A day covers clock skew and a tab left open.
 */
export const MAX_SHOPPER_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** How far in the future `iat` may be (the merchant's clock against ours). */
const CLOCK_SKEW_SECONDS = 300;

export function signShopperToken(claims: ShopperClaims, secret: string): string {
  return signPayload(claims, secret);
}

/**
 * The claims of a token this secret signed, unexpired and within the maximum lifetime; otherwise null.
 * Without `iat` only the remaining life can be bounded: a token with an absurd `exp` is refused, but
 * one signed long ago with an `exp` under a day away is not distinguishable from a fresh one.
 */
export function verifyShopperToken(token: string, secret: string, nowMs: number = Date.now()): ShopperClaims | null {
  const claims = verifyPayload<ShopperClaims>(token, secret);
  if (!claims || typeof claims.ref !== 'string' || claims.ref.length === 0 || claims.ref.length > 128) return null;
  const now = nowMs / 1000;
  if (typeof claims.exp !== 'number' || claims.exp < now) return null;
  if (claims.exp > now + MAX_SHOPPER_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) return null;
  if (claims.iat !== undefined) {
    if (typeof claims.iat !== 'number' || claims.iat > now + CLOCK_SKEW_SECONDS || claims.iat < now - MAX_SHOPPER_TOKEN_LIFETIME_SECONDS) return null;
  }
  return claims;
}
