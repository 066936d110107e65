import { ConflictError, NotFoundError, ValidationError } from '@kefu/shared';
import type { Sequelize, Transaction } from 'sequelize';
import type { AuditInput, AuditLog } from '../auth/audit-log';
import { ShoppingCart } from '../commerce/cart-models';
import { Order } from '../commerce/models';
import { Conversation } from '../conversations/models';
import { retryOnConflict } from '../db/retry-on-conflict';
import { recordLink } from './identity-links';
import { ChannelIdentity, Customer, CustomerMerge, type MergeableField, type MergeConflict, type MergeRecord } from './models';

export type MergeActor = Pick<AuditInput, 'actorType' | 'actorId'>;

export interface MergeInput {
  tenantId: number;
  /** The customer that disappears into the target. */
  sourceCustomerId: number;
  targetCustomerId: number;
  reason?: string | null;
  actor: MergeActor;
}

/**
 * Fields the target takes from the source only when it has none. external_ref is not among them:
 * it is unique per tenant and stays on the source row, which resolution follows through merged_into_id.
 */
const FILLABLE: MergeableField[] = ['displayName', 'memberLevel', 'addressEncrypted'];

/** Locks both customers in id order so two merges over the same pair cannot deadlock each other. */
async function lockPair(tenantId: number, ids: [number, number], transaction: Transaction): Promise<Map<number, Customer>> {
  const rows = await Customer.findAll({ where: { tenantId, id: ids }, order: [['id', 'ASC']], lock: transaction.LOCK.UPDATE, transaction });
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Merges source into target inside the caller's transaction: identities, conversations, orders and
 * shopping carts move (so the survivor is reminded of a left cart, and the store's next push of it,
 * which names the survivor, is not refused as another customer's); empty target fields are filled;
 * a second, different phone is a recorded conflict and the target keeps its own. Everything moved
 * or filled is written to customer_merges for the unmerge.
 */
export async function mergeInTransaction(audit: AuditLog, input: MergeInput, transaction: Transaction): Promise<CustomerMerge> {
  const { tenantId, sourceCustomerId, targetCustomerId } = input;
  if (sourceCustomerId === targetCustomerId) throw new ValidationError('a customer cannot be merged into itself');
  const pair = await lockPair(tenantId, [sourceCustomerId, targetCustomerId], transaction);
  const source = pair.get(sourceCustomerId);
  const target = pair.get(targetCustomerId);
  if (!source) throw new NotFoundError(`customer ${sourceCustomerId} not found`);
  if (!target) throw new NotFoundError(`customer ${targetCustomerId} not found`);
  if (source.mergedIntoId) throw new ConflictError(`customer ${sourceCustomerId} was already merged into ${source.mergedIntoId}`);
  if (target.mergedIntoId) throw new ConflictError(`customer ${targetCustomerId} was merged into ${target.mergedIntoId}; merge into that one`);

  const scope = { tenantId, customerId: sourceCustomerId };
  const identityIds = (await ChannelIdentity.findAll({ where: scope, attributes: ['id'], transaction })).map((row) => row.id);
  const conversationIds = (await Conversation.findAll({ where: scope, attributes: ['id'], transaction })).map((row) => row.id);
  const orderIds = (await Order.findAll({ where: scope, attributes: ['id'], transaction })).map((row) => row.id);
  const cartIds = (await ShoppingCart.findAll({ where: scope, attributes: ['id'], transaction })).map((row) => row.id);

  const filledFields: MergeRecord['filledFields'] = [];
  const conflicts: MergeConflict[] = [];
  const changes: Partial<Record<MergeableField | 'phoneVerifiedAt', unknown>> = {};
  for (const field of FILLABLE) {
    if (target[field] === null && source[field] !== null) {
      filledFields.push({ field, before: null, after: source[field] });
      changes[field] = source[field];
    }
  }
  if (source.phoneHash && !target.phoneHash) {
    filledFields.push({ field: 'phoneHash', before: null, after: source.phoneHash }, { field: 'phoneEncrypted', before: null, after: source.phoneEncrypted });
    changes.phoneHash = source.phoneHash;
    changes.phoneEncrypted = source.phoneEncrypted;
    changes.phoneVerifiedAt = source.phoneVerifiedAt;
  } else if (source.phoneHash && target.phoneHash && source.phoneHash !== target.phoneHash) {
    // Look-up hashes, never the numbers: the record says they differ without storing them twice.
    conflicts.push({ field: 'phone', targetValue: target.phoneHash, sourceValue: source.phoneHash, kept: 'target' });
  }
  if (source.externalRef && target.externalRef && source.externalRef !== target.externalRef) {
    conflicts.push({ field: 'externalRef', targetValue: target.externalRef, sourceValue: source.externalRef, kept: 'target' });
  }

  const merge = await CustomerMerge.create(
    {
      tenantId,
      sourceCustomerId,
      targetCustomerId,
      actorType: input.actor.actorType,
      actorId: input.actor.actorId === undefined || input.actor.actorId === null ? null : String(input.actor.actorId),
      reason: input.reason ?? null,
      status: 'merged',
      moved: { identityIds, conversationIds, orderIds, cartIds, filledFields },
      conflicts,
    },
    { transaction },
  );
  const moveTo = { customerId: targetCustomerId };
  if (identityIds.length) await ChannelIdentity.update(moveTo, { where: { tenantId, id: identityIds }, transaction });
  if (conversationIds.length) await Conversation.update(moveTo, { where: { tenantId, id: conversationIds }, transaction });
  if (orderIds.length) await Order.update(moveTo, { where: { tenantId, id: orderIds }, transaction });
  if (cartIds.length) await ShoppingCart.update(moveTo, { where: { tenantId, id: cartIds }, transaction });
  for (const identityId of identityIds) {
    await recordLink({ tenantId, channelIdentityId: identityId, customerId: targetCustomerId, evidenceType: 'merge', evidence: { mergeId: merge.id, fromCustomerId: sourceCustomerId } }, transaction);
  }
  if (Object.keys(changes).length) await target.update(changes as Partial<Customer>, { transaction });
  await source.update({ mergedIntoId: targetCustomerId }, { transaction });

  const auditBase = { tenantId, ...input.actor, targetType: 'customer', targetId: targetCustomerId } as const;
  await audit.record({ ...auditBase, action: 'customer.merged', details: { mergeId: merge.id, sourceCustomerId, identities: identityIds.length, conversations: conversationIds.length, orders: orderIds.length, carts: cartIds.length, conflicts: conflicts.map((c) => c.field), reason: input.reason ?? null } }, transaction);
  if (conflicts.length) await audit.record({ ...auditBase, action: 'customer.merge_conflict', details: { mergeId: merge.id, fields: conflicts.map((c) => c.field), kept: 'target' } }, transaction);
  return merge;
}

export async function mergeCustomers(sequelize: Sequelize, audit: AuditLog, input: MergeInput): Promise<CustomerMerge> {
  return retryOnConflict(() => sequelize.transaction((transaction) => mergeInTransaction(audit, input, transaction)));
}

export interface UnmergeResult {
  merge: CustomerMerge;
  /** Fields the unmerge left alone because someone changed them after the merge. */
  keptChangedFields: string[];
}

/**
 * Puts both sides back as they were: the recorded identities, conversations, orders and carts return to
 * the source, and so do conversations the source's identities started after the merge; fields the
 * merge filled are emptied again unless changed since. A target merged onwards must be unmerged first.
 */
export async function unmergeCustomers(sequelize: Sequelize, audit: AuditLog, input: { tenantId: number; mergeId: number; reason?: string | null; actor: MergeActor }): Promise<UnmergeResult> {
  return retryOnConflict(() =>
    sequelize.transaction(async (transaction) => {
      const { tenantId } = input;
      const merge = await CustomerMerge.findOne({ where: { tenantId, id: input.mergeId }, lock: transaction.LOCK.UPDATE, transaction });
      if (!merge) throw new NotFoundError(`merge ${input.mergeId} not found`);
      if (merge.status !== 'merged') throw new ConflictError(`merge ${merge.id} was already undone`);
      const pair = await lockPair(tenantId, [merge.sourceCustomerId, merge.targetCustomerId], transaction);
      const source = pair.get(merge.sourceCustomerId);
      const target = pair.get(merge.targetCustomerId);
      if (!source || !target) throw new NotFoundError(`a customer of merge ${merge.id} no longer exists`);
      if (target.mergedIntoId) throw new ConflictError(`customer ${target.id} was merged into ${target.mergedIntoId} since; undo that merge first`);

      const { moved } = merge;
      const onTarget = { tenantId, customerId: target.id };
      const backTo = { customerId: source.id };
      const identityIds = moved.identityIds.length ? (await ChannelIdentity.findAll({ where: { ...onTarget, id: moved.identityIds }, attributes: ['id'], transaction })).map((row) => row.id) : [];
      const conversations = identityIds.length || moved.conversationIds.length
        ? await Conversation.findAll({ where: onTarget, attributes: ['id', 'channelIdentityId'], transaction })
        : [];
      const recorded = new Set(moved.conversationIds);
      const returning = new Set(identityIds);
      const conversationIds = conversations.filter((row) => recorded.has(row.id) || returning.has(row.channelIdentityId)).map((row) => row.id);
      if (identityIds.length) await ChannelIdentity.update(backTo, { where: { tenantId, id: identityIds }, transaction });
      if (conversationIds.length) await Conversation.update(backTo, { where: { tenantId, id: conversationIds }, transaction });
      if (moved.orderIds.length) await Order.update(backTo, { where: { ...onTarget, id: moved.orderIds }, transaction });
      const cartIds = moved.cartIds ?? [];
      if (cartIds.length) await ShoppingCart.update(backTo, { where: { ...onTarget, id: cartIds }, transaction });
      for (const identityId of identityIds) {
        await recordLink({ tenantId, channelIdentityId: identityId, customerId: source.id, evidenceType: 'unmerge', evidence: { mergeId: merge.id } }, transaction);
      }

      const restore: Partial<Record<string, unknown>> = {};
      const keptChangedFields: string[] = [];
      for (const filled of moved.filledFields) {
        if (target[filled.field] === filled.after) restore[filled.field] = filled.before;
        else keptChangedFields.push(filled.field);
      }
      if (restore.phoneHash === null) restore.phoneVerifiedAt = null;
      if (Object.keys(restore).length) await target.update(restore as Partial<Customer>, { transaction });
      await source.update({ mergedIntoId: null }, { transaction });
      const actorId = input.actor.actorId === undefined || input.actor.actorId === null ? null : String(input.actor.actorId);
      await merge.update({ status: 'unmerged', unmergedAt: new Date(), unmergedBy: actorId }, { transaction });
      await audit.record(
        { tenantId, ...input.actor, action: 'customer.unmerged', targetType: 'customer', targetId: source.id, details: { mergeId: merge.id, fromCustomerId: target.id, identities: identityIds.length, conversations: conversationIds.length, orders: moved.orderIds.length, carts: cartIds.length, keptChangedFields, reason: input.reason ?? null } },
        transaction,
      );
      return { merge, keptChangedFields };
    }),
  );
}
