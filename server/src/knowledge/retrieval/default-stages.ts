import type { Embedder } from './embedder';
import type { RetrievalStages } from './retrieval-result';

/**
 * Which stages answer shoppers for a given embedder, chosen by `npm run bench:kb` on afqmc dev (the
 * only tuning set; see README). The local embedder's vectors are hashed character n-grams and
 * word/pinyin features: they capture surface overlap the lexical index already sees, and fusing
 * them in measured worse than the lexical index with the reranker's features, so local setups skip
 * them. A real embedding model captures paraphrase, which the lexical side cannot, so it is fused.
 */
export function defaultStagesFor(embedder: Embedder): RetrievalStages {
  return embedder.id.startsWith('local-') ? 'lexical' : 'full';
}
