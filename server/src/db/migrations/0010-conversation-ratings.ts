import { DataTypes, type QueryInterface } from 'sequelize';
import { columnKit } from './column-helpers';
import type { Migration } from './migration';

/** The shopper's satisfaction rating of a conversation: one per conversation, the latest score wins. */
async function up(qi: QueryInterface): Promise<void> {
  const c = columnKit(qi);
  await qi.createTable('conversation_ratings', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    conversation_id: c.ref('conversations'),
    score: { type: DataTypes.INTEGER, allowNull: false },
    comment: { type: DataTypes.STRING(500), allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('conversation_ratings', ['tenant_id', 'conversation_id'], { unique: true, name: 'conversation_ratings_tenant_conversation_unique' });
}

async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('conversation_ratings');
}

export const conversationRatings: Migration = { name: '0010-conversation-ratings', up, down };
