import type { Sequelize } from 'sequelize';
import type { AuditLog } from '../auth/audit-log';
import { findChannelIdentity } from './identity-service';
import type { ChannelIdentity } from './models';
import { resolveCustomer, type ResolvedVia } from './resolve-customer';

export interface IdentityCustomer {
  identity: ChannelIdentity;
  customerId: number;
  verified: boolean;
  via: ResolvedVia;
}

/**
 * The customer behind a shopper's identity, for a message with no new evidence. An identity that
 * already has a customer keeps it: merges move identities in the merge's own transaction, so the
 * id it holds is a live customer and one read is enough. Only an identity without one goes through
 * resolveCustomer's locking transaction (the first message, or a union id to link by).
 */
export async function resolveIdentityCustomer(sequelize: Sequelize, audit: AuditLog, tenantId: number, identityId: number): Promise<IdentityCustomer> {
  const identity = await findChannelIdentity(tenantId, identityId);
  if (!identity) throw new Error(`channel identity ${identityId} not found`);
  if (identity.customerId) return { identity, customerId: identity.customerId, verified: identity.verified, via: 'existing' };
  const resolved = await resolveCustomer(sequelize, audit, { tenantId, channelIdentityId: identityId });
  identity.customerId = resolved.customer.id;
  return { identity, customerId: resolved.customer.id, verified: resolved.verified || identity.verified, via: resolved.via };
}
