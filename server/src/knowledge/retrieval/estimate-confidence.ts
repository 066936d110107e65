import type { RetrievalStages } from './knowledge-retriever';

/**
 * Probability that the top result answers the question, from the top score and its lead over the
 * runner-up (a clear winner is more often right than the best of several look-alikes). A logistic
 * curve whose coefficients were fitted on afqmc paraphrase queries (top-1 correct vs not; see
 * bench/kb-retrieval.ts, which prints the reliability table), so 0.7 means "right about 7 times in
 * 10" on that data; the pipeline hands off below its threshold. Scores of different stages are on
 * different scales, so each has its own fit.
 */
export function estimateConfidence(topScore: number, secondScore: number, stages: RetrievalStages = 'full'): number {
  const c = CONFIDENCE_COEFFICIENTS[stages === 'lexical' ? 'lexical' : 'full'];
  const margin = Math.max(0, topScore - secondScore);
  const z = c.intercept + c.top * topScore + c.margin * margin;
  return 1 / (1 + Math.exp(-z));
}

// Fitted on afqmc dev (no held-out split exists: refit per embedder and stage). 'full': hybrid with
// the local embedder. 'lexical': the top score itself is nearly constant there (BM25F relative to
// the best hit), and a free fit gave it a negative weight that would make exact matches look
// unsure on a real FAQ, so only the margin is fitted (top fixed at 0).
const CONFIDENCE_COEFFICIENTS = {
  full: { intercept: -1.45, top: -1.42, margin: 9.06 },
  lexical: { intercept: -2.47, top: 0, margin: 5.07 },
} as const;

/**
 * Confidence for lexical-only answering, a rule rather than a fit. afqmc cannot calibrate it: its
 * distractors are near-duplicates by construction, so on afqmc high overlap does not mean right
 * (fits gave overlap a negative weight), while on a merchant FAQ it does. So: how much of the
 * question the top entry's closest phrasing covers (noise such as 嗯嗯好的吧 covers little), times
 * a lead factor (a top entry barely ahead of the next is a coin toss between look-alikes).
 * Checked, not fitted, on the written e-commerce questions in bench/kb-ecommerce-faq-queries.ts.
 */
export function estimateLexicalConfidence(topScore: number, secondScore: number, coverage: number): number {
  const lead = Math.min(1, Math.max(0, topScore - secondScore) / LEAD_FOR_FULL_CONFIDENCE);
  return Math.max(0, Math.min(1, coverage)) * (0.6 + 0.4 * lead);
}

/** A lead of this much (scores are in [0, 1]) over the runner-up counts as a clear winner. */
const LEAD_FOR_FULL_CONFIDENCE = 0.2;
