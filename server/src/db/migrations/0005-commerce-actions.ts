import { DataTypes, type QueryInterface } from 'sequelize';
import { columnKit } from './column-helpers';
import type { Migration } from './migration';

/**
 * Tables behind the commerce connectors and dialogue skills: per-tenant connector settings, the
 * built-in store's stock per warehouse, product relations, coupons, promotions, customer CRM facts,
 * requests sent to the order system (refunds, invoices, address changes… keyed for idempotency),
 * a skill's open question per conversation, and orders a shopper proved in a conversation.
 */
async function up(qi: QueryInterface): Promise<void> {
  const c = columnKit(qi);
  await qi.addColumn('products', 'custom_made', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
  await qi.createTable('commerce_connectors', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    kind: { type: DataTypes.STRING(16), allowNull: false },
    provider: { type: DataTypes.STRING(32), allowNull: false },
    // The whole configuration is ciphertext: it holds API keys and auth headers.
    config_encrypted: { type: DataTypes.TEXT, allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('commerce_connectors', ['tenant_id', 'kind'], { unique: true, name: 'commerce_connectors_tenant_kind_unique' });
  await qi.createTable('commerce_settings', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    settings: c.json(false),
    ...c.timestamps(),
  });
  await qi.addIndex('commerce_settings', ['tenant_id'], { unique: true, name: 'commerce_settings_tenant_unique' });
  await qi.createTable('warehouse_stock', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    sku: { type: DataTypes.STRING(64), allowNull: false },
    warehouse: { type: DataTypes.STRING(64), allowNull: false },
    quantity: { type: DataTypes.INTEGER, allowNull: false },
    restock_at: { type: DataTypes.DATE(3), allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('warehouse_stock', ['tenant_id', 'sku', 'warehouse'], { unique: true, name: 'warehouse_stock_tenant_sku_wh_unique' });
  await qi.createTable('product_relations', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    sku: { type: DataTypes.STRING(64), allowNull: false },
    related_sku: { type: DataTypes.STRING(64), allowNull: false },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    ...c.createdOnly(),
  });
  await qi.addIndex('product_relations', ['tenant_id', 'sku'], { name: 'product_relations_tenant_sku' });
  await qi.createTable('coupons', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    code: { type: DataTypes.STRING(64), allowNull: false },
    customer_id: c.ref('customers', true),
    title: { type: DataTypes.STRING(200), allowNull: false },
    discount_cents: { type: DataTypes.INTEGER, allowNull: false },
    min_spend_cents: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    ...c.timestamps(),
  });
  await qi.addIndex('coupons', ['tenant_id', 'code'], { unique: true, name: 'coupons_tenant_code_unique' });
  await qi.createTable('promotions', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    title: { type: DataTypes.STRING(200), allowNull: false },
    description: { type: DataTypes.STRING(1000), allowNull: false },
    starts_at: { type: DataTypes.DATE(3), allowNull: false },
    ends_at: { type: DataTypes.DATE(3), allowNull: false },
    ...c.timestamps(),
  });
  await qi.createTable('crm_profiles', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    customer_id: c.ref('customers'),
    tags: c.json(),
    notes: { type: DataTypes.TEXT, allowNull: true },
    risk_score: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    ...c.timestamps(),
  });
  await qi.addIndex('crm_profiles', ['tenant_id', 'customer_id'], { unique: true, name: 'crm_profiles_tenant_customer_unique' });
  await qi.createTable('commerce_requests', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    kind: { type: DataTypes.STRING(32), allowNull: false },
    order_no: { type: DataTypes.STRING(64), allowNull: false },
    customer_id: c.ref('customers', true, 'SET NULL'),
    idempotency_key: { type: DataTypes.STRING(191), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    amount_cents: { type: DataTypes.INTEGER, allowNull: true },
    details: c.json(),
    result: c.json(),
    conversation_id: c.ref('conversations', true, 'SET NULL'),
    reply_to_message_id: c.ref('messages', true, 'SET NULL'),
    notice_text: { type: DataTypes.TEXT, allowNull: true },
    notified_at: { type: DataTypes.DATE(3), allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('commerce_requests', ['tenant_id', 'idempotency_key'], { unique: true, name: 'commerce_requests_tenant_key_unique' });
  await qi.addIndex('commerce_requests', ['tenant_id', 'order_no'], { name: 'commerce_requests_tenant_order' });
  await qi.createTable('skill_pending_actions', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    conversation_id: c.ref('conversations'),
    kind: { type: DataTypes.STRING(32), allowNull: false },
    payload: c.json(false),
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    ...c.timestamps(),
  });
  await qi.addIndex('skill_pending_actions', ['tenant_id', 'conversation_id'], { unique: true, name: 'skill_pending_tenant_conversation_unique' });
  await qi.createTable('order_access_grants', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    conversation_id: c.ref('conversations'),
    order_no: { type: DataTypes.STRING(64), allowNull: false },
    method: { type: DataTypes.STRING(16), allowNull: false },
    ...c.createdOnly(),
  });
  await qi.addIndex('order_access_grants', ['tenant_id', 'conversation_id', 'order_no'], { unique: true, name: 'order_access_grants_unique' });
}

async function down(qi: QueryInterface): Promise<void> {
  for (const table of ['order_access_grants', 'skill_pending_actions', 'commerce_requests', 'crm_profiles', 'promotions', 'coupons', 'product_relations', 'warehouse_stock', 'commerce_settings', 'commerce_connectors']) {
    await qi.dropTable(table);
  }
  await qi.removeColumn('products', 'custom_made');
}

export const commerceActions: Migration = { name: '0005-commerce-actions', up, down };
