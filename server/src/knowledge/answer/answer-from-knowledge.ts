import type { KnowledgeRetriever } from '../retrieval/knowledge-retriever';
import type { AnswerOutcome, AnswerSource, RefusalCode } from './answer-models';
import { fillAnswerSlots } from './fill-answer-slots';

/**
 * Below this confidence the bot does not guess: it offers a person instead. The confidence is
 * P(the base covers the question) × P(the top entry is the right one), both fitted
 * (estimate-confidence.ts; `bench:kb` prints how many questions it answers and how many of those
 * are right on held-out afqmc, FAQ and out-of-scope halves at this threshold).
 */
export const ANSWER_CONFIDENCE_THRESHOLD = 0.3;

export interface KnowledgeDecision {
  outcome: AnswerOutcome;
  /** The adapted answer; present only when outcome is 'answered'. */
  text?: string;
  slug?: string;
  confidence: number | null;
  /** Best first: the entry answered from, then what it was weighed against. */
  sources: AnswerSource[];
  /** Who wrote the text: the entry's own answer with slots filled, or a model grounded in the entries. */
  composer?: 'template' | 'model';
  /** Why the bot did not answer, `<code>: <detail>` (see refusalOf); absent when it answered. */
  refusal?: string;
}

/** The stored form of a refusal: a code to count by, then the detail a person reads. */
export function refusalOf(code: RefusalCode, detail: string): string {
  return `${code}: ${detail}`;
}

export interface KnowledgeQuestion {
  tenantId: number;
  question: string;
  /** The NLU's slots for this turn (product, order_id...), used to fill the answer's placeholders. */
  slots: Record<string, string | number>;
}

/**
 * The pipeline's knowledge step without a model: the best published, valid entry's answer with its
 * placeholders filled, when the retriever is sure enough; otherwise a decision not to answer, kept
 * with what almost matched so the learning loop can see the gap.
 */
export async function answerFromKnowledge(retriever: KnowledgeRetriever, q: KnowledgeQuestion, threshold = ANSWER_CONFIDENCE_THRESHOLD): Promise<KnowledgeDecision> {
  const best = await retriever.answer(q.tenantId, q.question);
  if (!best) return { outcome: 'no_match', confidence: null, sources: [], refusal: refusalOf('no_match', 'no entry matched the question') };
  if ('unserved' in best) {
    const { entryId, version, slug, score } = best.unserved;
    return { outcome: 'no_match', confidence: null, sources: [{ entryId, revision: version, slug, score }], refusal: refusalOf('revision_not_served', 'the matched entry expired or was unpublished during the search') };
  }
  const sources: AnswerSource[] = [
    { entryId: best.entryId, revision: best.version, slug: best.slug, score: best.score },
    ...best.runnersUp.map((r) => ({ entryId: r.entryId, revision: r.version, slug: r.slug, score: r.score })),
  ];
  if (best.confidence < threshold) {
    return { outcome: 'low_confidence', confidence: best.confidence, sources, refusal: refusalOf('low_confidence', `confidence ${best.confidence.toFixed(2)} below ${threshold.toFixed(2)}`) };
  }
  return { outcome: 'answered', text: fillAnswerSlots(best.answer, q.slots), slug: best.slug, confidence: best.confidence, sources, composer: 'template' };
}
