import { Op } from 'sequelize';
import { Conversation, Message } from '../../conversations/models';
import { KnowledgeFeedback } from '../answer/answer-models';
import { KnowledgeEntry } from '../models';
import type { KnowledgeRetriever } from '../retrieval/knowledge-retriever';
import { bigramSet } from '../retrieval/rerank-candidates';

export interface AgentSuggestion {
  /** `agent:<agent message id>`; what accept takes. */
  id: string;
  kind: 'new_entry' | 'new_phrasing';
  question: string;
  questionMessageId: number;
  answer: string;
  /** Why the reply counts as successful. */
  evidence: ('conversation_closed' | 'thumbs_up')[];
  /** For new_phrasing: the entry whose answer the agent's reply matches; the question becomes one of its similar questions. */
  entryId?: number;
  entryTitle?: string;
}

/** An agent reply this close to an entry's answer (Dice over bigrams) says what that entry says. */
const SAME_ANSWER = 0.45;
const MAX_AGENT_REPLIES = 500;

function dice(a: string, b: string): number {
  const x = bigramSet(a);
  const y = bigramSet(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared += 1;
  return (2 * shared) / (x.size + y.size);
}

/**
 * Successful agent replies as proposed knowledge: a reply counts when its conversation was closed
 * after it or someone gave it a thumbs up. The shopper question it answered (the last shopper
 * message before it) and the reply become a new entry, or, when the reply says what an existing
 * entry already says, a new phrasing of that entry's question.
 */
export async function findAgentSuggestions(retriever: KnowledgeRetriever, tenantId: number, since: Date): Promise<AgentSuggestion[]> {
  const replies = await Message.findAll({ where: { tenantId, role: 'agent', createdAt: { [Op.gte]: since } }, order: [['id', 'DESC']], limit: MAX_AGENT_REPLIES });
  if (replies.length === 0) return [];
  const [conversations, upVotes] = await Promise.all([
    Conversation.findAll({ where: { tenantId, id: [...new Set(replies.map((r) => r.conversationId))] }, attributes: ['id', 'status'] }),
    KnowledgeFeedback.findAll({ where: { tenantId, rating: 'up', messageId: replies.map((r) => r.id) }, attributes: ['messageId'] }),
  ]);
  const closed = new Set(conversations.filter((c) => c.status === 'closed').map((c) => Number(c.id)));
  const liked = new Set(upVotes.map((v) => Number(v.messageId)));
  // Per conversation only its last agent reply speaks for the closing.
  const lastReply = new Map<number, number>();
  for (const reply of replies) if (!lastReply.has(Number(reply.conversationId))) lastReply.set(Number(reply.conversationId), Number(reply.id));

  const suggestions: AgentSuggestion[] = [];
  const seenQuestions = new Set<number>();
  for (const reply of replies) {
    const evidence: AgentSuggestion['evidence'] = [];
    if (closed.has(Number(reply.conversationId)) && lastReply.get(Number(reply.conversationId)) === Number(reply.id)) evidence.push('conversation_closed');
    if (liked.has(Number(reply.id))) evidence.push('thumbs_up');
    if (evidence.length === 0 || !reply.text.trim()) continue;
    const question = await Message.findOne({ where: { tenantId, conversationId: reply.conversationId, role: 'shopper', id: { [Op.lt]: reply.id } }, order: [['id', 'DESC']] });
    if (!question || seenQuestions.has(Number(question.id))) continue;
    seenQuestions.add(Number(question.id));
    const base = { id: `agent:${reply.id}`, question: question.text.trim(), questionMessageId: Number(question.id), answer: reply.text.trim(), evidence };
    const [closest] = await retriever.search(tenantId, reply.text, 1);
    const entry = closest ? await KnowledgeEntry.findOne({ where: { tenantId, id: closest.entryId }, attributes: ['id', 'title', 'answer', 'similarQuestions'] }) : null;
    if (entry && dice(entry.answer, reply.text) >= SAME_ANSWER) {
      // Already one of the entry's phrasings: nothing to learn.
      if (entry.title === base.question || entry.similarQuestions.includes(base.question)) continue;
      suggestions.push({ ...base, kind: 'new_phrasing', entryId: Number(entry.id), entryTitle: entry.title });
    } else {
      suggestions.push({ ...base, kind: 'new_entry' });
    }
  }
  return suggestions;
}
