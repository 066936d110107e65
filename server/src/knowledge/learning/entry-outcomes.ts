import { Op } from 'sequelize';
import { PipelineEvent } from '../../analytics/models';
import { Conversation, Message } from '../../conversations/models';
import { KnowledgeAnswer, KnowledgeFeedback, type AnswerSource } from '../answer/answer-models';

/** What happened to the bot's answers drawn from one entry. */
export interface EntryOutcome {
  entryId: number;
  /** 👍 / 👎 on replies answered from the entry (one per rater per reply). */
  up: number;
  down: number;
  /** The conversation was closed with no handoff after the answer: the bot resolved it. */
  resolved: number;
  /** The shopper's very next message after the answer brought a person in. */
  handedOff: number;
  /** Questions whose answer from this entry got a 👎 or was handed off, newest first, at most MAX_FAILING_EXAMPLES. */
  failingQuestionIds: number[];
}

/** Caps the work per tenant: a busy shop's recent answers say enough about its entries. */
const MAX_ANSWERS = 20_000;
const MAX_FAILING_EXAMPLES = 10;

/** Rows are read raw (model instances cost 300 ms per 5,000 answers); sources is then the stored JSON text. */
function sourcesOf(stored: unknown): AnswerSource[] {
  const parsed: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
  return Array.isArray(parsed) ? (parsed as AnswerSource[]) : [];
}

/** The entries a reply was drawn from: the ones a model cited, else the template's single entry. */
function entriesUsed(sources: AnswerSource[]): number[] {
  const cited = sources.filter((s) => s.cited);
  return [...new Set((cited.length > 0 ? cited : sources.slice(0, 1)).map((s) => Number(s.entryId)))];
}

/** The shopper message before each handoff trigger: the question whose answer the shopper turned away from. */
async function questionsHandedOff(tenantId: number, handoffs: PipelineEvent[]): Promise<Set<number>> {
  const triggers = handoffs.filter((e) => e.conversationId && e.messageId);
  if (triggers.length === 0) return new Set();
  const asked = await Message.findAll({
    where: { tenantId, role: 'shopper', conversationId: [...new Set(triggers.map((e) => Number(e.conversationId)))] },
    attributes: ['id', 'conversationId'],
    order: [['id', 'ASC']],
  });
  const byConversation = new Map<number, number[]>();
  for (const m of asked) byConversation.set(Number(m.conversationId), [...(byConversation.get(Number(m.conversationId)) ?? []), Number(m.id)]);
  const previous = new Set<number>();
  for (const trigger of triggers) {
    const ids = byConversation.get(Number(trigger.conversationId)) ?? [];
    const before = ids.filter((id) => id < Number(trigger.messageId));
    if (before.length > 0) previous.add(before[before.length - 1]);
  }
  return previous;
}

/**
 * Per entry, the evidence of whether its answers helped since `since`: votes on the replies drawn
 * from it, and how the conversation went on. Only answered questions count; a decline says nothing
 * about an entry. Read from knowledge_answers, knowledge_feedback, handoff events and conversations.
 */
export async function collectEntryOutcomes(tenantId: number, since: Date): Promise<Map<number, EntryOutcome>> {
  const recent = { [Op.gte]: since };
  const answers = await KnowledgeAnswer.findAll({
    where: { tenantId, outcome: 'answered', createdAt: recent },
    attributes: ['conversationId', 'questionMessageId', 'replyMessageId', 'sources'],
    order: [['id', 'DESC']],
    limit: MAX_ANSWERS,
    raw: true,
  });
  const outcomes = new Map<number, EntryOutcome>();
  if (answers.length === 0) return outcomes;
  // Votes and closings come after the answers they judge, so the same window finds them.
  const [votes, handoffs, closed] = await Promise.all([
    KnowledgeFeedback.findAll({ where: { tenantId, updatedAt: recent }, attributes: ['messageId', 'rating'], raw: true }),
    PipelineEvent.findAll({ where: { tenantId, type: 'conversation.handoff', createdAt: recent }, attributes: ['conversationId', 'messageId'] }),
    Conversation.findAll({ where: { tenantId, status: 'closed', updatedAt: recent }, attributes: ['id'] }),
  ]);
  const handedOff = await questionsHandedOff(tenantId, handoffs);
  const closedIds = new Set(closed.map((c) => Number(c.id)));
  const lastHandoff = new Map<number, number>();
  for (const e of handoffs) if (e.conversationId && e.messageId) lastHandoff.set(Number(e.conversationId), Math.max(lastHandoff.get(Number(e.conversationId)) ?? 0, Number(e.messageId)));
  const votesByReply = new Map<number, { up: number; down: number }>();
  for (const v of votes) {
    const tally = votesByReply.get(Number(v.messageId)) ?? { up: 0, down: 0 };
    tally[v.rating] += 1;
    votesByReply.set(Number(v.messageId), tally);
  }

  for (const answer of answers) {
    const question = Number(answer.questionMessageId);
    const tally = answer.replyMessageId ? votesByReply.get(Number(answer.replyMessageId)) : undefined;
    const wasHandedOff = handedOff.has(question);
    const resolved = !wasHandedOff && closedIds.has(Number(answer.conversationId)) && (lastHandoff.get(Number(answer.conversationId)) ?? 0) < question;
    for (const entryId of entriesUsed(sourcesOf(answer.sources))) {
      const o = outcomes.get(entryId) ?? { entryId, up: 0, down: 0, resolved: 0, handedOff: 0, failingQuestionIds: [] };
      o.up += tally?.up ?? 0;
      o.down += tally?.down ?? 0;
      if (wasHandedOff) o.handedOff += 1;
      if (resolved) o.resolved += 1;
      if ((wasHandedOff || (tally?.down ?? 0) > 0) && o.failingQuestionIds.length < MAX_FAILING_EXAMPLES) o.failingQuestionIds.push(question);
      outcomes.set(entryId, o);
    }
  }
  return outcomes;
}
