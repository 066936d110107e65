import { DataTypes, type QueryInterface } from 'sequelize';
import { columnKit } from './column-helpers';
import type { Migration } from './migration';

/** Understanding results on each message (for analytics) and the intents merchants add themselves. */
async function up(qi: QueryInterface): Promise<void> {
  const c = columnKit(qi);
  await qi.addColumn('messages', 'nlu', c.json());
  await qi.createTable('merchant_intents', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    intent_id: { type: DataTypes.STRING(64), allowNull: false },
    description: { type: DataTypes.STRING(300), allowNull: true },
    examples: c.json(false),
    ...c.timestamps(),
  });
  await qi.addIndex('merchant_intents', ['tenant_id', 'intent_id'], { unique: true, name: 'merchant_intents_tenant_intent_unique' });
}

async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('merchant_intents');
  await qi.removeColumn('messages', 'nlu');
}

export const nluResultsAndMerchantIntents: Migration = { name: '0003-nlu-results-and-merchant-intents', up, down };
