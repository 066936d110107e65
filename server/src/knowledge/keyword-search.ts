import { loadIndexableEntries, type IndexableEntry } from './management/load-indexable-entries';

export interface KnowledgeHit {
  entry: IndexableEntry;
  score: number;
}

function bigrams(text: string): Set<string> {
  const clean = text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
  const grams = new Set<string>();
  for (let i = 0; i < clean.length - 1; i += 1) grams.add(clean.slice(i, i + 2));
  if (clean.length === 1) grams.add(clean);
  return grams;
}

function overlap(query: Set<string>, candidate: Set<string>): number {
  if (query.size === 0 || candidate.size === 0) return 0;
  let shared = 0;
  for (const gram of query) if (candidate.has(gram)) shared += 1;
  return (2 * shared) / (query.size + candidate.size);
}

/**
 * The first "answer" step: a knowledge entry found by words. Scores each entry by character-bigram
 * overlap with its question and paraphrases, plus a bonus per keyword the shopper used. The
 * knowledge issue replaces this with hybrid retrieval behind the same call.
 */
export async function searchKnowledgeByWords(tenantId: number, question: string, minScore = 0.3): Promise<KnowledgeHit | null> {
  // Only published, currently valid revisions: drafts and expired promotions are never served.
  const entries = await loadIndexableEntries(tenantId);
  const query = bigrams(question);
  const normalizedQuestion = question.normalize('NFKC').toLowerCase();
  let best: KnowledgeHit | null = null;
  for (const entry of entries) {
    const phrasings = [entry.title, ...entry.similarQuestions];
    const textScore = Math.max(...phrasings.map((p) => overlap(query, bigrams(p))));
    const keywordHits = entry.keywords.filter((k) => k.length > 0 && normalizedQuestion.includes(k.toLowerCase())).length;
    const score = textScore + 0.25 * Math.min(keywordHits, 2);
    if (!best || score > best.score) best = { entry, score };
  }
  return best && best.score >= minScore ? best : null;
}
