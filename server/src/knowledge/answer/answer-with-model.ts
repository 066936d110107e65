import type { KnowledgeRetriever } from '../retrieval/knowledge-retriever';
import { answerFromKnowledge, refusalOf, type KnowledgeDecision, type KnowledgeQuestion } from './answer-from-knowledge';
import type { AnswerSource } from './answer-models';
import { fillAnswerSlots } from './fill-answer-slots';
import type { GroundedLlmAnswerer } from './grounded-llm-answer';

/** Entries the model sees: the best and its runners-up, enough for a question spanning two entries. */
const GROUNDING_ENTRIES = 3;

/**
 * The knowledge step with a model configured: the retriever's top entries go to the model, which
 * answers from them citing entry ids and revisions, or declines. A decline becomes 'low_confidence'
 * (the caller offers a person); a failure (timeout, HTTP error, bad JSON) keeps the model-free
 * decision. The model is also asked when retrieval alone was unsure: it sees the same entries and
 * refuses when they do not support an answer, which is the stronger check. Without a model this is
 * answerFromKnowledge.
 */
export async function answerWithModel(retriever: KnowledgeRetriever, model: GroundedLlmAnswerer | null, q: KnowledgeQuestion): Promise<KnowledgeDecision> {
  const decision = await answerFromKnowledge(retriever, q);
  if (!model || decision.outcome === 'no_match') return decision;
  const considered = decision.sources.slice(0, GROUNDING_ENTRIES);
  const entries = await retriever.servedEntries(
    q.tenantId,
    considered.map((s) => s.entryId),
  );
  // Every considered revision stopped being served (expired, unpublished) since the search: answering
  // from the search's copy would serve what the merchant withdrew.
  if (entries.length === 0) return { outcome: 'low_confidence', confidence: decision.confidence, sources: decision.sources, refusal: refusalOf('revision_not_served', 'the matched revisions are no longer served') };
  const reply = await model.answer(
    q.question,
    entries.map((e) => ({ entryId: e.id, revision: e.version, title: e.title, answer: fillAnswerSlots(e.answer, q.slots) })),
  );
  if (!reply) return decision;
  if (reply.kind === 'refused') return { outcome: 'low_confidence', confidence: decision.confidence, sources: decision.sources, composer: 'model', refusal: refusalOf('model_refused', reply.reason) };
  // Sources name the revisions the model was given (a re-index between search and prompt may have moved them).
  const given: AnswerSource[] = entries.map((e) => {
    const searched = decision.sources.find((s) => s.entryId === e.id);
    return { entryId: e.id, revision: e.version, slug: e.slug, score: searched?.score ?? 0 };
  });
  const isCited = (s: AnswerSource): boolean => reply.cited.some((c) => c.entryId === s.entryId && c.revision === s.revision);
  const sources = [...given.filter(isCited).map((s) => ({ ...s, cited: true })), ...given.filter((s) => !isCited(s))];
  return { outcome: 'answered', text: reply.text, slug: sources[0].slug, confidence: decision.confidence, sources, composer: 'model' };
}
