import { DataTypes, type QueryInterface } from 'sequelize';
import { columnKit, removeColumnKeepingRows } from './column-helpers';
import type { Migration } from './migration';

/**
 * Ownership proof of orders, hardened (issue 17):
 * - `order_proof_counters`: failed proofs counted per order number, customer, channel identity and
 *   client IP, in a window that survives asking again, new conversations and restarts; the row
 *   carries the backoff (`next_attempt_at`) and the lock (`locked_until`).
 * - `order_proof_codes`: one-time SMS codes for anonymous writes, stored as keyed hashes only.
 * - `channel_identities.last_ip`: the client address the web channel saw for the session, so the
 *   worker can count per IP without carrying it through the message pipeline.
 */
async function up(qi: QueryInterface): Promise<void> {
  const c = columnKit(qi);
  await qi.createTable('order_proof_counters', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    scope: { type: DataTypes.STRING(16), allowNull: false },
    subject: { type: DataTypes.STRING(128), allowNull: false },
    failures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    window_started_at: { type: DataTypes.DATE(3), allowNull: false },
    next_attempt_at: { type: DataTypes.DATE(3), allowNull: true },
    locked_until: { type: DataTypes.DATE(3), allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('order_proof_counters', ['tenant_id', 'scope', 'subject'], { unique: true, name: 'order_proof_counters_subject_unique' });

  await qi.createTable('order_proof_codes', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    conversation_id: c.ref('conversations'),
    order_no: { type: DataTypes.STRING(64), allowNull: false },
    phone_hash: { type: DataTypes.STRING(64), allowNull: false },
    salt: { type: DataTypes.STRING(32), allowNull: false },
    code_hash: { type: DataTypes.STRING(64), allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    verified_at: { type: DataTypes.DATE(3), allowNull: true },
    ...c.createdOnly(),
  });
  await qi.addIndex('order_proof_codes', ['tenant_id', 'conversation_id', 'order_no'], { name: 'order_proof_codes_conversation_order' });
  await qi.addIndex('order_proof_codes', ['tenant_id', 'phone_hash', 'created_at'], { name: 'order_proof_codes_phone_created' });

  await qi.addColumn('channel_identities', 'last_ip', { type: DataTypes.STRING(45), allowNull: true });
}

async function down(qi: QueryInterface): Promise<void> {
  await removeColumnKeepingRows(qi, 'channel_identities', 'last_ip');
  await qi.dropTable('order_proof_codes');
  await qi.dropTable('order_proof_counters');
}

export const orderProofLimitsAndCodes: Migration = { name: '0013-order-proof-limits-and-codes', up, down };
