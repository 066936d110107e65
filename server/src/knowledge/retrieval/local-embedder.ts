import { idf as jiebaIdf } from '@node-rs/jieba/dict';
import { analyzeSearchText } from './analyze-search-text';
import type { Embedder } from './embedder';

const DEFAULT_DIMENSIONS = 384;
/** Weight of each feature kind before IDF; words and synonym groups carry the meaning. */
const KIND_WEIGHTS: Record<string, number> = { w: 1, s: 1.2, b: 0.6, u: 0.2, p: 0.4 };

let idfTable: Map<string, number> | null = null;
let medianIdf = 10;

/**
 * jieba's IDF table (computed by jieba's authors on a large general corpus), so the weighting is
 * fixed and identical for every tenant and process; a corpus-fitted IDF would change the vectors
 * whenever an entry changed and force a full re-embed.
 */
function idfOf(term: string): number {
  if (!idfTable) {
    idfTable = new Map();
    for (const line of Buffer.from(jiebaIdf).toString('utf8').split('\n')) {
      const space = line.lastIndexOf(' ');
      if (space > 0) idfTable.set(line.slice(0, space), Number(line.slice(space + 1)));
    }
    const values = [...idfTable.values()].sort((a, b) => a - b);
    medianIdf = values[Math.floor(values.length / 2)] ?? medianIdf;
  }
  return idfTable.get(term) ?? medianIdf;
}

/** FNV-1a, 32 bit: stable across processes and Node versions (unlike any built-in hash). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The embedded default when no embedding model is configured: a deterministic "lexical-semantic"
 * vector computed in process. Each feature of the shared analysis (jieba words, character bigrams,
 * toneless pinyin, e-commerce synonym groups) is hashed into one of `dimensions` buckets with a
 * hashed sign, weighted by kind × IDF (sublinear in repeats), and the vector is L2-normalised, so
 * cosine similarity approximates weighted feature overlap.
 *
 * What it captures: shared words and sub-words (robust to segmentation), homophone typos and typed
 * pinyin, the synonym table, traditional/simplified and width variants. What it does NOT capture:
 * meaning beyond the surface — paraphrases with no shared characters (能便宜点吗 vs 有折扣吗),
 * negation, word order, and anything outside the synonym table. Hash collisions add small noise.
 * It complements BM25 (smoother, phrase-level overlap) but it is not a language model.
 */
export class LocalEmbedder implements Embedder {
  readonly id: string;

  constructor(readonly dimensions = DEFAULT_DIMENSIONS) {
    // Bump the version whenever features or weights change: old vectors must not be mixed with new.
    this.id = `local-lexsem-v1-${dimensions}`;
  }

  embed(texts: string[]): Promise<number[][]> {
    return Promise.resolve(texts.map((text) => this.embedOne(text)));
  }

  embedOne(text: string): number[] {
    const analyzed = analyzeSearchText(text);
    const counts = new Map<string, number>();
    for (const term of [...analyzed.words, ...analyzed.bigrams, ...analyzed.pinyin, ...analyzed.synonyms]) counts.set(term, (counts.get(term) ?? 0) + 1);
    const vector = new Float64Array(this.dimensions);
    for (const [term, count] of counts) {
      const kind = term.slice(0, 1);
      const body = term.slice(2);
      const idf = kind === 'w' || kind === 'b' ? idfOf(body) / medianIdf : 1;
      const weight = (KIND_WEIGHTS[kind] ?? 0.5) * idf * (1 + Math.log(count));
      const hash = fnv1a(term);
      vector[hash % this.dimensions] += hash & 0x80000000 ? -weight : weight;
    }
    let norm = 0;
    for (const v of vector) norm += v * v;
    // An empty text still needs a valid unit vector: cosine distance to a zero vector is undefined.
    if (norm === 0) {
      const unit = new Array<number>(this.dimensions).fill(0);
      unit[0] = 1;
      return unit;
    }
    const scale = 1 / Math.sqrt(norm);
    return Array.from(vector, (v) => v * scale);
  }
}
