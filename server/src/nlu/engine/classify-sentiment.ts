import { ANGER_PATTERNS, POLITE_OR_POSITIVE, WEAK_ANGER } from '../sentiment/sentiment-lexicon';
import type { SentimentAnalyzer, SentimentResult } from '../sentiment/sentiment-analyzer';

/**
 * The trained review model when available; otherwise the customer-service lexicon alone, which
 * knows anger and politeness but not product opinions.
 */
export function classifySentiment(text: string, analyzer: SentimentAnalyzer | null): SentimentResult {
  if (analyzer) return analyzer.analyze(text);
  if (ANGER_PATTERNS.some((pattern) => pattern.test(text))) return { label: 'negative', intensity: 0.8 };
  if (WEAK_ANGER.test(text)) return { label: 'negative', intensity: 0.5 };
  if (POLITE_OR_POSITIVE.test(text)) return { label: 'positive', intensity: 0.5 };
  return { label: 'neutral', intensity: 0 };
}
