import type { Sequelize, Transaction } from 'sequelize';
import type { AuditLog } from '../auth/audit-log';
import { Order } from '../commerce/models';
import { Conversation } from '../conversations/models';
import { retryOnConflict } from '../db/retry-on-conflict';
import { recordLink } from './identity-links';
import { mergeInTransaction } from './merge-customers';
import { ChannelIdentity, Customer, type LinkEvidenceType } from './models';

/** A phone the platform or the merchant proved (getPhoneNumber, an SMS code), prepared with the field cipher. */
export interface VerifiedPhone {
  phoneHash: string;
  phoneEncrypted: string;
  /** Who proved it, kept as evidence: 'wechat_get_phone_number', 'sms_code', … */
  source: string;
}

/** An order the shopper proved is theirs (order number plus the recipient phone's last digits, a signed link…). */
export interface ProvenOrder {
  orderNo: string;
  proof: string;
}

export interface ResolveCustomerInput {
  tenantId: number;
  channelIdentityId: number;
  /** The merchant's own customer id, proven by a signed token or login: strong evidence. */
  verifiedCustomerRef?: string;
  verifiedPhone?: VerifiedPhone;
  provenOrder?: ProvenOrder;
}

export type ResolvedVia = 'existing' | 'verified_ref' | 'verified_phone' | 'proven_order' | 'union_id' | 'created';

export interface ResolvedCustomer {
  customer: Customer;
  /** How the identity got its customer this time. */
  via: ResolvedVia;
  verified: boolean;
  /** Set when strong evidence contradicted what the customer already held (a second verified phone): recorded, not applied. */
  conflict?: { field: 'phone'; customerId: number };
}

interface Evidence {
  type: Extract<LinkEvidenceType, 'verified_ref' | 'verified_phone' | 'proven_order'>;
  customer: Customer;
  details: Record<string, unknown>;
}

/**
 * The one function that turns a channel identity into a customer, in one transaction.
 * Strong evidence only: a verified merchant reference, a verified phone, an order the shopper
 * proved, or a union id shared with a linked identity in the same union scope. Soft signals
 * (nicknames, avatars) never link; they only become suggestions for agents (merge-suggestions.ts).
 * Every link stores its evidence (identity_links) and is audited. When evidence shows the identity
 * belongs to another customer than the one it has, the old customer is merged into the proven one
 * (a recorded merge an agent can undo) when it is one Kefu made; a merchant customer is never
 * swallowed automatically, only this identity moves.
 */
export async function resolveCustomer(sequelize: Sequelize, audit: AuditLog, input: ResolveCustomerInput): Promise<ResolvedCustomer> {
  return retryOnConflict(() => sequelize.transaction((transaction) => resolveInTransaction(audit, input, transaction)));
}

async function resolveInTransaction(audit: AuditLog, input: ResolveCustomerInput, transaction: Transaction): Promise<ResolvedCustomer> {
  const resolved = await linkIdentity(audit, input, transaction);
  // A proven phone nobody holds yet belongs to whoever the identity resolved to.
  const conflict = input.verifiedPhone ? await applyVerifiedPhone(audit, resolved.customer, input.verifiedPhone, transaction) : undefined;
  return conflict ? { ...resolved, conflict } : resolved;
}

async function linkIdentity(audit: AuditLog, input: ResolveCustomerInput, transaction: Transaction): Promise<ResolvedCustomer> {
  const { tenantId } = input;
  const { identity, unionGroup } = await lockIdentity(tenantId, input.channelIdentityId, transaction);
  // Locking reads see the latest committed rows; a plain read would see this transaction's snapshot,
  // which may predate the customer a concurrent resolution just created.
  const findLive = (id: number) => followMerges(tenantId, id, transaction);

  const evidence = await strongEvidence(input, identity, findLive, transaction);
  if (evidence) {
    const { customer, via } = await linkOnEvidence(audit, identity, evidence, transaction);
    return { customer, via, verified: true };
  }

  if (identity.customerId) {
    const customer = await findLive(identity.customerId);
    if (customer) {
      if (customer.id !== identity.customerId) await identity.update({ customerId: customer.id }, { transaction });
      return { customer, via: 'existing', verified: identity.verified };
    }
  }

  if (identity.unionId && identity.unionScope) {
    const sibling = unionGroup.find((candidate) => candidate.id !== identity.id && candidate.customerId !== null && candidate.unionScope === identity.unionScope);
    const customer = sibling?.customerId ? await findLive(sibling.customerId) : null;
    if (customer && sibling) {
      const details = { customerId: customer.id, evidence: 'union_id', unionScope: identity.unionScope, siblingIdentityId: sibling.id };
      await identity.update({ customerId: customer.id }, { transaction });
      await recordLink({ tenantId, channelIdentityId: identity.id, customerId: customer.id, evidenceType: 'union_id', evidence: { unionScope: identity.unionScope, unionId: identity.unionId, siblingIdentityId: sibling.id } }, transaction);
      await audit.record({ tenantId, actorType: 'system', action: 'customer.linked', targetType: 'channel_identity', targetId: identity.id, details }, transaction);
      return { customer, via: 'union_id', verified: identity.verified };
    }
  }

  const customer = await Customer.create(
    { tenantId, displayName: identity.displayName, externalRef: null, phoneEncrypted: null, phoneHash: null, addressEncrypted: null, memberLevel: null },
    { transaction },
  );
  await identity.update({ customerId: customer.id }, { transaction });
  await recordLink({ tenantId, channelIdentityId: identity.id, customerId: customer.id, evidenceType: 'created', evidence: {} }, transaction);
  return { customer, via: 'created', verified: false };
}

/** The customer a row was merged into, followed to the end; null when it does not exist. */
async function followMerges(tenantId: number, id: number, transaction: Transaction): Promise<Customer | null> {
  let customer = await Customer.findOne({ where: { tenantId, id }, transaction, lock: transaction.LOCK.SHARE });
  for (let hops = 0; customer?.mergedIntoId && hops < 20; hops += 1) {
    customer = await Customer.findOne({ where: { tenantId, id: customer.mergedIntoId }, transaction, lock: transaction.LOCK.SHARE });
  }
  return customer;
}

/** The strongest proof given, in order: the merchant's reference, a proven order, a verified phone. */
async function strongEvidence(
  input: ResolveCustomerInput,
  identity: ChannelIdentity,
  findLive: (id: number) => Promise<Customer | null>,
  transaction: Transaction,
): Promise<Evidence | null> {
  const { tenantId } = input;
  if (input.verifiedCustomerRef) {
    const [byRef] = await Customer.findOrCreate({
      where: { tenantId, externalRef: input.verifiedCustomerRef },
      defaults: { tenantId, externalRef: input.verifiedCustomerRef, displayName: identity.displayName, phoneEncrypted: null, phoneHash: null, addressEncrypted: null, memberLevel: null },
      transaction,
    });
    const customer = (await findLive(byRef.id)) ?? byRef;
    return { type: 'verified_ref', customer, details: { externalRef: input.verifiedCustomerRef } };
  }
  if (input.provenOrder) {
    const order = await Order.findOne({ where: { tenantId, orderNo: input.provenOrder.orderNo }, transaction, lock: transaction.LOCK.UPDATE });
    if (order?.customerId) {
      const customer = await findLive(order.customerId);
      if (customer) return { type: 'proven_order', customer, details: { orderNo: order.orderNo, proof: input.provenOrder.proof } };
    }
  }
  if (input.verifiedPhone) {
    const holder = await Customer.findOne({ where: { tenantId, phoneHash: input.verifiedPhone.phoneHash, mergedIntoId: null }, order: [['id', 'ASC']], transaction, lock: transaction.LOCK.SHARE });
    if (holder) return { type: 'verified_phone', customer: holder, details: { phoneHash: input.verifiedPhone.phoneHash, source: input.verifiedPhone.source } };
  }
  return null;
}

async function linkOnEvidence(audit: AuditLog, identity: ChannelIdentity, evidence: Evidence, transaction: Transaction): Promise<{ customer: Customer; via: ResolvedVia }> {
  const { tenantId } = identity;
  const target = evidence.customer;
  if (identity.customerId === target.id && identity.verified) return { customer: target, via: 'existing' };
  const previous = identity.customerId && identity.customerId !== target.id ? await followMerges(tenantId, identity.customerId, transaction) : null;
  if (previous && previous.id !== target.id && previous.externalRef === null) {
    // A customer Kefu created for this person: everything it gathered follows the proven identity.
    await mergeInTransaction(audit, { tenantId, sourceCustomerId: previous.id, targetCustomerId: target.id, reason: `automatic: ${evidence.type}`, actor: { actorType: 'system', actorId: null } }, transaction);
  } else if (previous && previous.id !== target.id) {
    // Another merchant customer: only this identity and its own conversations move.
    await Conversation.update({ customerId: target.id }, { where: { tenantId, channelIdentityId: identity.id, customerId: previous.id }, transaction });
  }
  await identity.update({ customerId: target.id, verified: true }, { transaction });
  await recordLink({ tenantId, channelIdentityId: identity.id, customerId: target.id, evidenceType: evidence.type, evidence: evidence.details }, transaction);
  await audit.record(
    { tenantId, actorType: 'system', action: 'customer.linked', targetType: 'channel_identity', targetId: identity.id, details: { customerId: target.id, evidence: evidence.type, previousCustomerId: previous?.id ?? null, ...evidence.details } },
    transaction,
  );
  return { customer: target, via: evidence.type };
}

/**
 * A verified phone on a customer without one becomes its phone; on a customer with another phone
 * it is a conflict: audited for an agent to settle, the stored phone stays.
 */
async function applyVerifiedPhone(audit: AuditLog, customer: Customer, phone: VerifiedPhone, transaction: Transaction): Promise<ResolvedCustomer['conflict']> {
  if (customer.phoneHash === phone.phoneHash) {
    if (!customer.phoneVerifiedAt) await customer.update({ phoneVerifiedAt: new Date() }, { transaction });
    return undefined;
  }
  if (!customer.phoneHash) {
    await customer.update({ phoneHash: phone.phoneHash, phoneEncrypted: phone.phoneEncrypted, phoneVerifiedAt: new Date() }, { transaction });
    return undefined;
  }
  await audit.record(
    { tenantId: customer.tenantId, actorType: 'system', action: 'customer.phone_conflict', targetType: 'customer', targetId: customer.id, details: { storedPhoneHash: customer.phoneHash, provenPhoneHash: phone.phoneHash, source: phone.source, kept: 'stored' } },
    transaction,
  );
  return { field: 'phone', customerId: customer.id };
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
