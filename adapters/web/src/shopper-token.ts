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
}

export function signShopperToken(claims: ShopperClaims, secret: string): string {
  return signPayload(claims, secret);
}

export function verifyShopperToken(token: string, secret: string): ShopperClaims | null {
  const claims = verifyPayload<ShopperClaims>(token, secret);
  if (!claims || typeof claims.ref !== 'string' || claims.ref.length === 0 || claims.ref.length > 128) return null;
  if (typeof claims.exp !== 'number' || claims.exp < Date.now() / 1000) return null;
  return claims;
}
