import { DataTypes, type QueryInterface } from 'sequelize';
import { columnKit } from './column-helpers';
import type { Migration } from './migration';

/**
 * Identity evidence and reversible merges. Every link of a channel identity to a customer keeps its
 * evidence (identity_links); every merge keeps exactly what it moved and changed, so an unmerge can
 * put each side back as it was (customer_merges).
 */
async function up(qi: QueryInterface): Promise<void> {
  const c = columnKit(qi);
  const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });

  await qi.createTable('identity_links', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    channel_identity_id: c.ref('channel_identities'),
    customer_id: c.ref('customers'),
    /** verified_ref | union_id | verified_phone | proven_order | created | merge | unmerge */
    evidence_type: str(32),
    /** What proved it: the union scope and id, the phone's look-up hash, the order number, the merge id. */
    evidence: c.json(false),
    ...c.createdOnly(),
  });
  await qi.addIndex('identity_links', ['tenant_id', 'channel_identity_id', 'id'], { name: 'identity_links_identity' });
  await qi.addIndex('identity_links', ['tenant_id', 'customer_id'], { name: 'identity_links_customer' });

  await qi.createTable('customer_merges', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    /** The customer that disappears into the target (kept as a row with merged_into_id set). */
    source_customer_id: c.ref('customers'),
    target_customer_id: c.ref('customers'),
    actor_type: str(16),
    actor_id: str(64, true),
    reason: str(500, true),
    /** merged | unmerged */
    status: str(16),
    /** Ids moved from source to target and the target fields the merge filled, for an exact unmerge. */
    moved: c.json(false),
    /** Facts both sides held with different values (two verified phones): recorded, never overwritten. */
    conflicts: c.json(false),
    unmerged_at: { type: DataTypes.DATE(3), allowNull: true },
    unmerged_by: str(64, true),
    ...c.timestamps(),
  });
  await qi.addIndex('customer_merges', ['tenant_id', 'target_customer_id'], { name: 'customer_merges_target' });
  await qi.addIndex('customer_merges', ['tenant_id', 'source_customer_id'], { name: 'customer_merges_source' });

  // The namespace a union id belongs to (one WeChat Open Platform account, one Lark or Douyin
  // developer): the same union id only proves the same person inside one scope.
  await qi.addColumn('channel_identities', 'union_scope', { type: DataTypes.STRING(128), allowNull: true });

  // A phone proven by the platform (getPhoneNumber) or the merchant, as opposed to one typed in chat.
  await qi.addColumn('customers', 'phone_verified_at', { type: DataTypes.DATE(3), allowNull: true });
}

async function down(qi: QueryInterface): Promise<void> {
  await qi.removeColumn('customers', 'phone_verified_at');
  await qi.removeColumn('channel_identities', 'union_scope');
  await qi.dropTable('customer_merges');
  await qi.dropTable('identity_links');
}

export const identityLinksAndMerges: Migration = { name: '0008-identity-links-and-merges', up, down };
