/** What a search returns and which stages produce it; apart from the retriever so the confidence estimate can use them without importing it. */
export interface RetrievalResult {
  entryId: number;
  slug: string;
  /** The served revision the result came from. */
  version: number;
  score: number;
  matchedBy: ('lexical' | 'vector')[];
  /** Lexical-only scoring: share of the query's bigrams in the entry's closest phrasing. */
  coverage?: number;
  /** Lexical-only scoring: rarity-weighted character cosine with the entry's closest phrasing (a confidence feature). */
  characterSimilarity?: number;
}

/** Which stages run; anything but 'full' exists for the benchmark's ablation. */
export type RetrievalStages = 'full' | 'fusion' | 'lexical' | 'vector';
