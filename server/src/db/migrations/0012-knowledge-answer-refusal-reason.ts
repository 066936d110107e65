import { DataTypes, type QueryInterface } from 'sequelize';
import { removeColumnKeepingRows } from './column-helpers';
import type { Migration } from './migration';

/**
 * Why the bot did not answer a question, in its own column (it was only implied by `outcome`):
 * `<code>: <detail>`, e.g. `low_confidence: 0.21 below 0.30` or `model_refused: model found no
 * support in the entries`. Null for answered questions and for rows written before this migration.
 */
async function up(qi: QueryInterface): Promise<void> {
  await qi.addColumn('knowledge_answers', 'refusal_reason', { type: DataTypes.STRING(300), allowNull: true });
}

async function down(qi: QueryInterface): Promise<void> {
  await removeColumnKeepingRows(qi, 'knowledge_answers', 'refusal_reason');
}

export const knowledgeAnswerRefusalReason: Migration = { name: '0012-knowledge-answer-refusal-reason', up, down };
