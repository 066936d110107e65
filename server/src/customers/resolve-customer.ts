import type { Sequelize, Transaction } from 'sequelize';
import type { AuditLog } from '../auth/audit-log';
import { retryOnConflict } from '../db/retry-on-conflict';
import { ChannelIdentity, Customer } from './models';

export interface ResolveCustomerInput {
  tenantId: number;
  channelIdentityId: number;
  /** The merchant's own customer id, proven by a signed token or login: strong evidence. */
  verifiedCustomerRef?: string;
}

export interface ResolvedCustomer {
  customer: Customer;
  /** How the identity got its customer this time: already linked, proven ref, shared union id, or new. */
  via: 'existing' | 'verified_ref' | 'union_id' | 'created';
  verified: boolean;
}

/**
 * The one function that turns a channel identity into a customer, in one transaction.
 * Evidence order: a verified merchant reference, then a union id shared with a linked identity of the
 * same tenant; soft signals such as nicknames never merge. Links made on evidence are audited.
 */
export async function resolveCustomer(sequelize: Sequelize, audit: AuditLog, input: ResolveCustomerInput): Promise<ResolvedCustomer> {
  return retryOnConflict(() => sequelize.transaction((transaction) => resolveInTransaction(audit, input, transaction)));
}

async function resolveInTransaction(audit: AuditLog, input: ResolveCustomerInput, transaction: Transaction): Promise<ResolvedCustomer> {
  const { tenantId } = input;
  const { identity, unionGroup } = await lockIdentity(tenantId, input.channelIdentityId, transaction);
  // Locking reads see the latest committed rows; a plain read would see this transaction's snapshot,
  // which may predate the customer a concurrent resolution just created.
  const findCustomer = (id: number) => Customer.findOne({ where: { tenantId, id }, transaction, lock: transaction.LOCK.SHARE });

  if (input.verifiedCustomerRef) {
    const [customer] = await Customer.findOrCreate({
      where: { tenantId, externalRef: input.verifiedCustomerRef },
      defaults: { tenantId, externalRef: input.verifiedCustomerRef, displayName: identity.displayName, phoneEncrypted: null, phoneHash: null, addressEncrypted: null, memberLevel: null },
      transaction,
    });
    if (identity.customerId !== customer.id || !identity.verified) {
      await identity.update({ customerId: customer.id, verified: true }, { transaction });
      await audit.record({ tenantId, actorType: 'system', action: 'customer.linked', targetType: 'channel_identity', targetId: identity.id, details: { customerId: customer.id, evidence: 'verified_ref' } }, transaction);
      return { customer, via: 'verified_ref', verified: true };
    }
    return { customer, via: 'existing', verified: true };
  }

  if (identity.customerId) {
    const customer = await findCustomer(identity.customerId);
    if (customer) return { customer, via: 'existing', verified: identity.verified };
  }

  if (identity.unionId) {
    const sibling = unionGroup.find((candidate) => candidate.id !== identity.id && candidate.customerId !== null);
    const customer = sibling?.customerId ? await findCustomer(sibling.customerId) : null;
    if (customer) {
      await identity.update({ customerId: customer.id }, { transaction });
      await audit.record({ tenantId, actorType: 'system', action: 'customer.linked', targetType: 'channel_identity', targetId: identity.id, details: { customerId: customer.id, evidence: 'union_id', siblingIdentityId: sibling?.id } }, transaction);
      return { customer, via: 'union_id', verified: identity.verified };
    }
  }

  const customer = await Customer.create(
    { tenantId, displayName: identity.displayName, externalRef: null, phoneEncrypted: null, phoneHash: null, addressEncrypted: null, memberLevel: null },
    { transaction },
  );
  await identity.update({ customerId: customer.id }, { transaction });
  return { customer, via: 'created', verified: false };
}

/**
 * Locks what this resolution may change. Concurrent messages from a new shopper must not each
 * create a customer, so the identity row is locked; when it has a union id, every identity sharing
 * it is locked instead, in id order, so two first contacts on two channels at the same moment
 * serialise (without deadlocking each other) and the second links to the first one's customer.
 */
async function lockIdentity(tenantId: number, identityId: number, transaction: Transaction): Promise<{ identity: ChannelIdentity; unionGroup: ChannelIdentity[] }> {
  const unlocked = await ChannelIdentity.findOne({ where: { tenantId, id: identityId }, transaction });
  if (!unlocked) throw new Error(`channel identity ${identityId} not found`);
  const group = await ChannelIdentity.findAll({
    where: unlocked.unionId ? { tenantId, unionId: unlocked.unionId } : { tenantId, id: identityId },
    order: [['id', 'ASC']],
    lock: transaction.LOCK.UPDATE,
    transaction,
  });
  const identity = group.find((candidate) => candidate.id === identityId);
  if (!identity) throw new Error(`channel identity ${identityId} changed its union id during resolution`);
  return { identity, unionGroup: group };
}
