import { Op } from 'sequelize';
import { Message } from '../../conversations/models';
import { clusterQuestions } from './cluster-questions';
import { collectGapQuestions, GAP_REASONS, type GapQuestion, type GapReason } from './collect-gap-questions';

export interface SuggestedEntry {
  title: string;
  /** An agent's reply to one of the questions, when a person answered; null when nobody has yet. */
  answer: string | null;
  similarQuestions: string[];
  keywords: string[];
}

export interface GapTopic {
  /** `gap:<question id>` of the topic's central question; what accept takes. */
  id: string;
  volume: number;
  reasons: Record<GapReason, number>;
  /** Why the bot declined these questions, counted by refusal code (low_confidence, model_refused...). */
  refusals: Record<string, number>;
  examples: string[];
  questionMessageIds: number[];
  suggestedEntry: SuggestedEntry;
}

const EXAMPLES = 5;

/** `model_refused: model found no support…` counts as model_refused. */
function countRefusals(questions: GapQuestion[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { refusalReason } of questions) {
    if (!refusalReason) continue;
    const code = refusalReason.split(':', 1)[0];
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

/** The first agent reply after any of the questions in their conversations: what a person said to it. */
async function agentAnswerFor(tenantId: number, questions: GapQuestion[]): Promise<string | null> {
  for (const question of questions) {
    const reply = await Message.findOne({
      where: { tenantId, conversationId: question.conversationId, role: 'agent', id: { [Op.gt]: question.id } },
      order: [['id', 'ASC']],
      attributes: ['text'],
    });
    if (reply?.text.trim()) return reply.text.trim();
  }
  return null;
}

/**
 * Topics the knowledge base does not cover, largest first: recent gap questions clustered, each
 * with example questions, counts per reason and a suggested draft entry (the central question as
 * title, the others as similar questions, the frequent words as keywords, an agent's answer if any).
 */
export async function findGaps(tenantId: number, since: Date, limit = 20): Promise<GapTopic[]> {
  const questions = await collectGapQuestions(tenantId, since);
  const clusters = clusterQuestions(questions).slice(0, limit);
  const topics: GapTopic[] = [];
  for (const cluster of clusters) {
    const reasons = Object.fromEntries(GAP_REASONS.map((r) => [r, cluster.members.filter((m) => m.reasons.has(r)).length])) as Record<GapReason, number>;
    const distinct = [...new Set(cluster.members.map((m) => m.text.trim()))];
    const title = cluster.medoid.text.trim();
    topics.push({
      id: `gap:${cluster.medoid.id}`,
      volume: cluster.members.length,
      reasons,
      refusals: countRefusals(cluster.members),
      examples: distinct.slice(0, EXAMPLES),
      questionMessageIds: cluster.members.map((m) => m.id),
      suggestedEntry: {
        title: title.slice(0, 300),
        answer: await agentAnswerFor(tenantId, [cluster.medoid, ...cluster.members.filter((m) => m !== cluster.medoid)]),
        similarQuestions: distinct.filter((q) => q !== title).slice(0, 20).map((q) => q.slice(0, 300)),
        keywords: cluster.topWords.slice(0, 5),
      },
    });
  }
  return topics;
}
