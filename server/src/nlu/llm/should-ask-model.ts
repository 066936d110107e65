/**
 * Whether a turn is worth a model call: only when the local classifier is unsure. The model costs
 * latency and money per turn, and the local classifier is right on the confident majority.
 */
export function shouldAskModel(localConfidence: number, threshold = 0.6): boolean {
  // A NaN confidence means the local answer cannot be trusted at all.
  if (Number.isNaN(localConfidence)) return true;
  return localConfidence < threshold;
}
