import type { Transaction } from 'sequelize';
import type { Message } from '../../conversations/models';
import { KnowledgeAnswer } from './answer-models';
import type { KnowledgeDecision } from './answer-from-knowledge';

/**
 * Keeps what a reply was answered from (or why the bot did not answer), keyed by the shopper's
 * question so a re-run job writes the same row once. For a model-free answer only the first source
 * counts as "used" when the outcome is 'answered'; for a model's answer the sources marked `cited`
 * (entry id + revision) are the ones used. The rest are what it was weighed against.
 */
export async function recordKnowledgeAnswer(question: Message, reply: Message | null, decision: KnowledgeDecision, turnTransaction?: Transaction): Promise<void> {
  // Inside the pipeline turn's transaction the question is not answered yet, so no run wrote a row before.
  const existing = turnTransaction ? null : await KnowledgeAnswer.findOne({ where: { tenantId: question.tenantId, questionMessageId: question.id } });
  const values = {
    replyMessageId: reply ? reply.id : null,
    outcome: decision.outcome,
    confidence: decision.confidence,
    sources: decision.sources,
    // Kept only for a decision not to answer: an answered row has nothing to explain.
    refusalReason: decision.outcome === 'answered' ? null : (decision.refusal ?? decision.outcome).slice(0, 300),
  };
  if (existing) {
    await existing.update(values);
    return;
  }
  await KnowledgeAnswer.create({ tenantId: question.tenantId, conversationId: question.conversationId, questionMessageId: question.id, ...values }, { transaction: turnTransaction });
}
