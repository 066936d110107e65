import { DataTypes, type QueryInterface } from 'sequelize';
import { columnKit } from './column-helpers';
import type { Migration } from './migration';

const str = (length = 255, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });

async function up(qi: QueryInterface): Promise<void> {
  const c = columnKit(qi);

  await qi.createTable('tenants', {
    id: c.id(),
    key: str(64),
    name: str(),
    order_number_pattern: str(200, true),
    settings: c.json(),
    ...c.timestamps(),
  });
  await qi.addIndex('tenants', ['key'], { unique: true, name: 'tenants_key_unique' });

  await qi.createTable('users', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    email: str(),
    display_name: str(100, true),
    password_hash: str(),
    role: { type: DataTypes.STRING(16), allowNull: false },
    disabled_at: { type: DataTypes.DATE(3), allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('users', ['tenant_id', 'email'], { unique: true, name: 'users_tenant_email_unique' });

  await qi.createTable('api_keys', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    name: str(100),
    key_prefix: str(32),
    key_hash: str(64),
    role: { type: DataTypes.STRING(16), allowNull: false },
    last_used_at: { type: DataTypes.DATE(3), allowNull: true },
    revoked_at: { type: DataTypes.DATE(3), allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('api_keys', ['key_prefix'], { unique: true, name: 'api_keys_prefix_unique' });

  await qi.createTable('channel_accounts', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    platform: str(32),
    app_id: str(128),
    name: str(100),
    credentials_encrypted: c.json(),
    union_scope: str(128, true),
    ...c.timestamps(),
  });
  await qi.addIndex('channel_accounts', ['tenant_id', 'platform', 'app_id'], { unique: true, name: 'channel_accounts_tenant_platform_app_unique' });

  await qi.createTable('customers', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    display_name: str(100, true),
    external_ref: str(128, true),
    phone_encrypted: str(255, true),
    phone_hash: str(64, true),
    address_encrypted: c.json(),
    member_level: str(16, true),
    merged_into_id: c.ref('customers', true, 'SET NULL'),
    ...c.timestamps(),
  });
  await qi.addIndex('customers', ['tenant_id', 'external_ref'], { unique: true, name: 'customers_tenant_external_ref_unique' });
  await qi.addIndex('customers', ['tenant_id', 'phone_hash'], { name: 'customers_tenant_phone_hash' });

  await qi.createTable('channel_identities', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    channel_account_id: c.ref('channel_accounts'),
    external_id: str(191),
    union_id: str(191, true),
    customer_id: c.ref('customers', true, 'SET NULL'),
    display_name: str(100, true),
    verified: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...c.timestamps(),
  });
  await qi.addIndex('channel_identities', ['channel_account_id', 'external_id'], { unique: true, name: 'channel_identities_account_external_unique' });
  await qi.addIndex('channel_identities', ['tenant_id', 'union_id'], { name: 'channel_identities_tenant_union' });

  await qi.createTable('conversations', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    customer_id: c.ref('customers', true, 'SET NULL'),
    channel_account_id: c.ref('channel_accounts'),
    channel_identity_id: c.ref('channel_identities'),
    status: str(16),
    context: c.json(),
    last_message_at: { type: DataTypes.DATE(3), allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('conversations', ['tenant_id', 'channel_identity_id', 'status'], { name: 'conversations_identity_status' });

  await qi.createTable('messages', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    conversation_id: c.ref('conversations'),
    channel_account_id: c.ref('channel_accounts'),
    platform_message_id: str(191),
    role: str(16),
    kind: str(16),
    text: c.longText(false),
    cards: c.json(),
    status: str(16),
    failure_reason: str(500, true),
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    intent: str(64, true),
    reply_to_id: c.ref('messages', true, 'SET NULL'),
    ...c.timestamps(),
  });
  await qi.addIndex('messages', ['channel_account_id', 'platform_message_id'], { unique: true, name: 'messages_account_platform_id_unique' });
  await qi.addIndex('messages', ['conversation_id', 'id'], { name: 'messages_conversation_id' });
  await qi.addIndex('messages', ['status', 'role'], { name: 'messages_status_role' });

  await qi.createTable('audit_log', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    actor_type: str(16),
    actor_id: str(64, true),
    action: str(64),
    target_type: str(32, true),
    target_id: str(64, true),
    details: c.json(),
    ...c.createdOnly(),
  });
  await qi.addIndex('audit_log', ['tenant_id', 'created_at'], { name: 'audit_log_tenant_time' });

  await qi.createTable('events', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    type: str(64),
    conversation_id: { ...c.ref('conversations', true, 'SET NULL') },
    message_id: { ...c.ref('messages', true, 'SET NULL') },
    payload: c.json(),
    ...c.createdOnly(),
  });
  await qi.addIndex('events', ['tenant_id', 'type', 'created_at'], { name: 'events_tenant_type_time' });

  await qi.createTable('products', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    sku: str(64),
    name: str(200),
    brand: str(100, true),
    category: str(32, true),
    aliases: c.json(),
    price_cents: { type: DataTypes.INTEGER, allowNull: false },
    stock: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    specs: c.json(),
    description: { type: DataTypes.TEXT, allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('products', ['tenant_id', 'sku'], { unique: true, name: 'products_tenant_sku_unique' });

  await qi.createTable('orders', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    order_no: str(64),
    customer_id: c.ref('customers', true, 'SET NULL'),
    status: str(16),
    items: c.json(false),
    total_cents: { type: DataTypes.INTEGER, allowNull: false },
    recipient_name: str(100, true),
    phone_encrypted: str(255, true),
    address_encrypted: c.json(),
    carrier: str(64, true),
    tracking_no: str(64, true),
    placed_at: { type: DataTypes.DATE(3), allowNull: false },
    paid_at: { type: DataTypes.DATE(3), allowNull: true },
    shipped_at: { type: DataTypes.DATE(3), allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('orders', ['tenant_id', 'order_no'], { unique: true, name: 'orders_tenant_order_no_unique' });
  await qi.addIndex('orders', ['tenant_id', 'customer_id', 'placed_at'], { name: 'orders_customer_time' });

  await qi.createTable('logistics_events', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    order_id: c.ref('orders'),
    occurred_at: { type: DataTypes.DATE(3), allowNull: false },
    status: str(32),
    description: str(500),
    ...c.createdOnly(),
  });
  await qi.addIndex('logistics_events', ['order_id', 'occurred_at'], { name: 'logistics_events_order_time' });

  await qi.createTable('knowledge_entries', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    slug: str(100),
    title: str(300),
    answer: { type: DataTypes.TEXT, allowNull: false },
    tags: c.json(),
    keywords: c.json(),
    similar_questions: c.json(),
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    ...c.timestamps(),
  });
  await qi.addIndex('knowledge_entries', ['tenant_id', 'slug'], { unique: true, name: 'knowledge_entries_tenant_slug_unique' });
}

async function down(qi: QueryInterface): Promise<void> {
  for (const table of [
    'knowledge_entries', 'logistics_events', 'orders', 'products', 'events', 'audit_log', 'messages',
    'conversations', 'channel_identities', 'customers', 'channel_accounts', 'api_keys', 'users', 'tenants',
  ]) {
    await qi.dropTable(table);
  }
}

export const initialSchema: Migration = { name: '0001-initial-schema', up, down };
