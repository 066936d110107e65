import { DataTypes, type QueryInterface } from 'sequelize';
import { columnKit } from './column-helpers';
import type { Migration } from './migration';

/**
 * The Lark agent desk (one ticket per escalation, with its card and assignee; which Lark user is
 * which console agent) and the binding codes that link a Wechaty VIP contact to a customer.
 */
async function up(qi: QueryInterface): Promise<void> {
  const c = columnKit(qi);
  await qi.createTable('desk_tickets', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    conversation_id: c.ref('conversations'),
    /** The shopper message whose reply handed the conversation off: one ticket per escalation. */
    handoff_message_id: c.ref('messages'),
    desk_account_id: c.ref('channel_accounts'),
    chat_id: { type: DataTypes.STRING(128), allowNull: false },
    card_message_id: { type: DataTypes.STRING(128), allowNull: true },
    status: { type: DataTypes.STRING(16), allowNull: false },
    assignee_user_id: c.ref('users', true, 'SET NULL'),
    claimed_at: { type: DataTypes.DATE(3), allowNull: true },
    closed_at: { type: DataTypes.DATE(3), allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('desk_tickets', ['tenant_id', 'handoff_message_id'], { unique: true, name: 'desk_tickets_handoff_unique' });
  await qi.addIndex('desk_tickets', ['card_message_id'], { unique: true, name: 'desk_tickets_card_unique' });
  await qi.addIndex('desk_tickets', ['tenant_id', 'conversation_id'], { name: 'desk_tickets_conversation' });

  await qi.createTable('lark_agent_links', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    desk_account_id: c.ref('channel_accounts'),
    open_id: { type: DataTypes.STRING(128), allowNull: false },
    user_id: c.ref('users'),
    ...c.timestamps(),
  });
  await qi.addIndex('lark_agent_links', ['desk_account_id', 'open_id'], { unique: true, name: 'lark_agent_links_open_id_unique' });

  await qi.createTable('vip_binding_codes', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    customer_id: c.ref('customers'),
    code: { type: DataTypes.STRING(16), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    used_at: { type: DataTypes.DATE(3), allowNull: true },
    used_by_identity_id: c.ref('channel_identities', true, 'SET NULL'),
    /** Who issued it: a console user id, or null when a bot issued it on another channel. */
    issued_by_user_id: c.ref('users', true, 'SET NULL'),
    ...c.timestamps(),
  });
  await qi.addIndex('vip_binding_codes', ['tenant_id', 'code'], { unique: true, name: 'vip_binding_codes_code_unique' });
}

async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('vip_binding_codes');
  await qi.dropTable('lark_agent_links');
  await qi.dropTable('desk_tickets');
}

export const agentDeskAndVipBinding: Migration = { name: '0009-agent-desk-and-vip-binding', up, down };
