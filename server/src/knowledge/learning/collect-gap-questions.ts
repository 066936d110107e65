import { Op } from 'sequelize';
import { PipelineEvent } from '../../analytics/models';
import { Message } from '../../conversations/models';
import { KnowledgeAnswer, KnowledgeFeedback } from '../answer/answer-models';
import { bigramSet } from '../retrieval/rerank-candidates';

export const GAP_REASONS = ['low_confidence', 'no_match', 'thumbs_down', 'handoff', 'repeated'] as const;
export type GapReason = (typeof GAP_REASONS)[number];

export interface GapQuestion {
  id: number;
  conversationId: number;
  text: string;
  reasons: Set<GapReason>;
  /** Why the bot declined to answer it (knowledge_answers.refusal_reason), when it did. */
  refusalReason: string | null;
}

/** A shopper asking nearly the same thing right after an answer was not helped by it. */
const REPEAT_SIMILARITY = 0.5;
/** A handoff on 是的 / 好的 (accepting the bot's offer) names no topic; the question before it is already marked. */
const MIN_HANDOFF_QUESTION_CHARS = 5;
/** Caps the work per request; a shop with more unanswered questions than this reviews recent ones first. */
const MAX_QUESTIONS = 2000;

function similarity(a: string, b: string): number {
  const x = bigramSet(a);
  const y = bigramSet(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared += 1;
  return (2 * shared) / (x.size + y.size);
}

/**
 * The shopper questions the knowledge base did not serve well since `since`, each with why:
 * answered with low confidence or not at all, its reply got a thumbs-down, it ended in a handoff
 * (other than a plain request for a person, which names no topic), or the shopper asked the same
 * thing again right after the bot's answer.
 */
export async function collectGapQuestions(tenantId: number, since: Date): Promise<GapQuestion[]> {
  const reasons = new Map<number, Set<GapReason>>();
  const mark = (id: number | null | undefined, reason: GapReason): void => {
    if (!id) return;
    const key = Number(id);
    reasons.set(key, (reasons.get(key) ?? new Set()).add(reason));
  };
  const recent = { [Op.gte]: since };

  const [unsure, answered, downVotes, handoffs] = await Promise.all([
    KnowledgeAnswer.findAll({ where: { tenantId, outcome: ['low_confidence', 'no_match'], createdAt: recent }, attributes: ['questionMessageId', 'outcome', 'refusalReason'], limit: MAX_QUESTIONS, order: [['id', 'DESC']] }),
    KnowledgeAnswer.findAll({ where: { tenantId, outcome: 'answered', createdAt: recent }, attributes: ['questionMessageId', 'conversationId'], limit: MAX_QUESTIONS, order: [['id', 'DESC']] }),
    KnowledgeFeedback.findAll({ where: { tenantId, rating: 'down', createdAt: recent }, attributes: ['messageId'] }),
    PipelineEvent.findAll({ where: { tenantId, type: 'conversation.handoff', createdAt: recent }, attributes: ['messageId', 'payload'] }),
  ]);
  const refusals = new Map(unsure.map((row) => [Number(row.questionMessageId), row.refusalReason ?? null]));
  for (const row of unsure) mark(row.questionMessageId, row.outcome === 'no_match' ? 'no_match' : 'low_confidence');
  for (const event of handoffs) if (event.payload?.reason !== 'human.handoff') mark(event.messageId, 'handoff');
  if (downVotes.length > 0) {
    const rated = await Message.findAll({ where: { tenantId, id: downVotes.map((v) => v.messageId), role: 'bot' }, attributes: ['replyToId'] });
    for (const reply of rated) mark(reply.replyToId, 'thumbs_down');
  }
  if (answered.length > 0) {
    const conversationIds = [...new Set(answered.map((a) => Number(a.conversationId)))];
    const answeredIds = new Set(answered.map((a) => Number(a.questionMessageId)));
    const asked = await Message.findAll({ where: { tenantId, conversationId: conversationIds, role: 'shopper' }, attributes: ['id', 'conversationId', 'text'], order: [['id', 'ASC']] });
    for (let i = 0; i + 1 < asked.length; i += 1) {
      const [question, next] = [asked[i], asked[i + 1]];
      if (question.conversationId !== next.conversationId || !answeredIds.has(Number(question.id))) continue;
      if (similarity(question.text, next.text) >= REPEAT_SIMILARITY) mark(question.id, 'repeated');
    }
  }
  if (reasons.size === 0) return [];
  const ids = [...reasons.keys()].sort((a, b) => b - a).slice(0, MAX_QUESTIONS);
  const messages = await Message.findAll({ where: { tenantId, id: ids, role: 'shopper' }, attributes: ['id', 'conversationId', 'text'], order: [['id', 'ASC']] });
  return messages
    .map((m) => ({ id: Number(m.id), conversationId: Number(m.conversationId), text: m.text, reasons: reasons.get(Number(m.id)) ?? new Set<GapReason>(), refusalReason: refusals.get(Number(m.id)) ?? null }))
    .filter((q) => !(q.reasons.size === 1 && q.reasons.has('handoff') && Array.from(q.text.trim()).length < MIN_HANDOFF_QUESTION_CHARS));
}
