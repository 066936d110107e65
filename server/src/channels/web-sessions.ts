import { randomUUID } from 'node:crypto';
import { NotFoundError, UnauthorizedError } from '@kefu/shared';
import { issueSessionToken, recipientKey, verifySessionToken, verifyShopperToken, type WebSessionClaims } from '@kefu/adapter-web';
import { findTenantByKey } from '../auth/tenant-service';
import { findChannelIdentity, recordIdentityIp, upsertChannelIdentity } from '../customers/identity-service';
import type { ChannelIdentity } from '../customers/models';
import { resolveCustomer } from '../customers/resolve-customer';
import type { Runtime } from '../runtime';
import { ensureChannelAccount } from './channel-account-service';

export interface WebSession {
  claims: WebSessionClaims;
  identity: ChannelIdentity;
}

/**
 * Starts a web session. An anonymous visitor becomes a fresh identity; a merchant-signed shopper
 * token binds the session to the merchant's customer, which is what later lets the bot disclose
 * that customer's orders.
 */
export async function startWebSession(runtime: Runtime, tenantKey: string, shopperToken?: string, clientIp?: string): Promise<{ sessionId: string; token: string }> {
  const tenant = await findTenantByKey(tenantKey);
  if (!tenant) throw new NotFoundError(`unknown tenant "${tenantKey}"`);
  const account = await ensureChannelAccount(tenant.id, 'web', 'web', '网站/H5');

  let externalId = `v_${randomUUID()}`;
  let shopper: { ref: string; name?: string } | null = null;
  if (shopperToken) {
    const secret = typeof tenant.settings.shopperTokenSecret === 'string' ? tenant.settings.shopperTokenSecret : null;
    shopper = secret ? verifyShopperToken(shopperToken, secret) : null;
    if (!shopper) throw new UnauthorizedError('shopperToken is not a valid, unexpired token signed by this merchant');
    externalId = `c_${shopper.ref}`;
  }
  const identity = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: account.id, externalId, displayName: shopper?.name ?? null });
  await recordIdentityIp(identity, clientIp);
  if (shopper) {
    await resolveCustomer(runtime.db.sequelize, runtime.audit, { tenantId: tenant.id, channelIdentityId: identity.id, verifiedCustomerRef: shopper.ref });
  }
  const token = issueSessionToken({ tenantId: tenant.id, channelAccountId: account.id, identityId: identity.id, externalId }, runtime.secrets.sessionSecret);
  return { sessionId: externalId, token };
}

/** Bearer token → the session's identity: 401 for a bad token, 404 when the session no longer exists. */
export async function authenticateWebSession(runtime: Runtime, authorization: string | undefined): Promise<WebSession> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new UnauthorizedError('missing Authorization: Bearer <session token>');
  return sessionFromToken(runtime, match[1]);
}

/** A token from before the identity's revocation; a token too old to say when it was issued counts as before. */
function isRevoked(claims: WebSessionClaims, identity: ChannelIdentity): boolean {
  if (!identity.sessionsRevokedAt) return false;
  return (claims.issuedAtMs ?? 0) <= identity.sessionsRevokedAt.getTime();
}

export async function sessionFromToken(runtime: Runtime, token: string): Promise<WebSession> {
  const claims = verifySessionToken(token, runtime.secrets.sessionSecret);
  if (!claims) throw new UnauthorizedError('session token is invalid or expired');
  const identity = await findChannelIdentity(claims.tenantId, claims.identityId);
  if (!identity || identity.externalId !== claims.externalId) throw new NotFoundError('unknown session');
  // Checked on the identity row this already reads: revocation costs no extra query per message.
  if (isRevoked(claims, identity)) throw new UnauthorizedError('session revoked');
  return { claims, identity };
}

/**
 * For re-checking an open WebSocket: false when the session is no longer valid (revoked, expired,
 * identity gone); storage errors are thrown so the caller can keep the socket rather than guess.
 */
export async function webSocketStillValid(runtime: Runtime, token: string): Promise<boolean> {
  try {
    await sessionFromToken(runtime, token);
    return true;
  } catch (error) {
    if (error instanceof UnauthorizedError || error instanceof NotFoundError) return false;
    throw error;
  }
}

/** For the WebSocket upgrade: the recipient key of a valid session, or null. */
export async function webSocketRecipient(runtime: Runtime, token: string): Promise<string | null> {
  try {
    const { claims } = await sessionFromToken(runtime, token);
    return recipientKey(claims.channelAccountId, claims.externalId);
  } catch {
    return null;
  }
}
