import { DataTypes, type QueryInterface } from 'sequelize';
import { columnKit } from './column-helpers';
import type { Migration } from './migration';

/**
 * What the bot answered from (entries and revisions per reply, or why it did not answer) and the
 * thumbs up/down on replies: the audit trail of every knowledge answer and the learning loop's input.
 */
async function up(qi: QueryInterface): Promise<void> {
  const c = columnKit(qi);
  await qi.createTable('knowledge_answers', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    conversation_id: c.ref('conversations'),
    question_message_id: c.ref('messages'),
    reply_message_id: c.ref('messages', true, 'SET NULL'),
    /** answered | low_confidence | no_match */
    outcome: { type: DataTypes.STRING(16), allowNull: false },
    confidence: { type: DataTypes.FLOAT, allowNull: true },
    /** [{ entryId, revision, slug, score }] best first; the first is the one answered from. */
    sources: c.json(false),
    ...c.timestamps(),
  });
  await qi.addIndex('knowledge_answers', ['tenant_id', 'question_message_id'], { unique: true, name: 'knowledge_answers_question_unique' });
  await qi.addIndex('knowledge_answers', ['tenant_id', 'reply_message_id'], { name: 'knowledge_answers_reply' });
  await qi.addIndex('knowledge_answers', ['tenant_id', 'outcome', 'created_at'], { name: 'knowledge_answers_outcome' });

  await qi.createTable('knowledge_feedback', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    conversation_id: c.ref('conversations'),
    message_id: c.ref('messages'),
    /** 'shopper' or 'agent:<userId>': one vote per rater per message, re-voting replaces it. */
    rater: { type: DataTypes.STRING(40), allowNull: false },
    rating: { type: DataTypes.STRING(8), allowNull: false },
    comment: { type: DataTypes.STRING(500), allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('knowledge_feedback', ['tenant_id', 'message_id', 'rater'], { unique: true, name: 'knowledge_feedback_vote_unique' });
}

async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('knowledge_feedback');
  await qi.dropTable('knowledge_answers');
}

export const knowledgeAnswersAndFeedback: Migration = { name: '0004-knowledge-answers-and-feedback', up, down };
