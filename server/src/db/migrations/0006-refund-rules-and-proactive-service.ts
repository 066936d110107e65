import { DataTypes, type QueryInterface } from 'sequelize';
import { columnKit } from './column-helpers';
import type { Migration } from './migration';

/**
 * Refund rules (versioned per tenant) with a record of every decision, and the proactive service:
 * merchant settings, one row per proactive trigger (its unique key is what makes a trigger fire
 * once), shopper opt-outs and the tasks it leaves for agents.
 */
async function up(qi: QueryInterface): Promise<void> {
  const c = columnKit(qi);
  const str = (length = 191, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });

  await qi.createTable('refund_rule_sets', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    version: { type: DataTypes.INTEGER, allowNull: false },
    rules: c.longText(false),
    note: str(500, true),
    created_by: str(64, true),
    ...c.createdOnly(),
  });
  await qi.addIndex('refund_rule_sets', ['tenant_id', 'version'], { unique: true, name: 'refund_rule_sets_tenant_version_unique' });

  await qi.createTable('refund_decisions', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    order_id: { type: DataTypes.BIGINT, allowNull: true },
    outcome: str(16),
    rule_id: str(64),
    reason: str(500),
    rule_set_version: { type: DataTypes.INTEGER, allowNull: false },
    facts: c.json(false),
    ...c.createdOnly(),
  });
  await qi.addIndex('refund_decisions', ['tenant_id', 'order_id'], { name: 'refund_decisions_tenant_order' });

  await qi.createTable('automation_settings', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    settings: c.json(false),
    ...c.timestamps(),
  });
  await qi.addIndex('automation_settings', ['tenant_id'], { unique: true, name: 'automation_settings_tenant_unique' });

  await qi.createTable('proactive_sends', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    trigger_key: str(191),
    kind: str(32),
    customer_id: c.ref('customers', true, 'SET NULL'),
    order_id: { type: DataTypes.BIGINT, allowNull: true },
    status: str(16),
    deferred_reason: str(64, true),
    conversation_id: { type: DataTypes.BIGINT, allowNull: true },
    message_id: { type: DataTypes.BIGINT, allowNull: true },
    coupon_code: str(64, true),
    coupon_cents: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    sent_at: { type: DataTypes.DATE(3), allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('proactive_sends', ['tenant_id', 'trigger_key'], { unique: true, name: 'proactive_sends_tenant_trigger_unique' });
  await qi.addIndex('proactive_sends', ['tenant_id', 'customer_id', 'kind'], { name: 'proactive_sends_tenant_customer_kind' });

  await qi.createTable('proactive_opt_outs', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    customer_id: c.ref('customers'),
    source: str(16),
    ...c.createdOnly(),
  });
  await qi.addIndex('proactive_opt_outs', ['tenant_id', 'customer_id'], { unique: true, name: 'proactive_opt_outs_tenant_customer_unique' });

  await qi.createTable('agent_tasks', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    trigger_key: str(191),
    kind: str(32),
    customer_id: c.ref('customers', true, 'SET NULL'),
    order_id: { type: DataTypes.BIGINT, allowNull: true },
    conversation_id: { type: DataTypes.BIGINT, allowNull: true },
    summary: str(500),
    status: str(16),
    ...c.timestamps(),
  });
  await qi.addIndex('agent_tasks', ['tenant_id', 'trigger_key'], { unique: true, name: 'agent_tasks_tenant_trigger_unique' });
}

async function down(qi: QueryInterface): Promise<void> {
  for (const table of ['agent_tasks', 'proactive_opt_outs', 'proactive_sends', 'automation_settings', 'refund_decisions', 'refund_rule_sets']) {
    await qi.dropTable(table);
  }
}

export const refundRulesAndProactiveService: Migration = { name: '0006-refund-rules-and-proactive-service', up, down };
