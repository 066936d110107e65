/**
 * Probability that the top result answers the question, from the top score and its lead over the
 * runner-up (a clear winner is more often right than the best of several look-alikes). A logistic
 * curve whose coefficients were fitted on afqmc paraphrase queries (top-1 correct vs not; see
 * bench/kb-retrieval.ts, which prints the reliability table), so 0.7 means "right about 7 times in
 * 10" on that data; the pipeline hands off below its threshold.
 */
export function estimateConfidence(topScore: number, secondScore: number): number {
  const margin = Math.max(0, topScore - secondScore);
  const z = CONFIDENCE_COEFFICIENTS.intercept + CONFIDENCE_COEFFICIENTS.top * topScore + CONFIDENCE_COEFFICIENTS.margin * margin;
  return 1 / (1 + Math.exp(-z));
}

// Fitted by bench/kb-retrieval.ts on afqmc dev with the local embedder (no held-out split exists: refit per embedder).
const CONFIDENCE_COEFFICIENTS = { intercept: -1.45, top: -1.42, margin: 9.06 };
