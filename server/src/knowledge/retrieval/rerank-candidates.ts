import { characterCosine, characterSet } from './character-similarity';
import { findSynonymGroups } from './ecommerce-synonyms';
import type { IndexableEntry } from './indexable-entry';
import { normalizeSearchText } from './normalize-search-text';

/** What the first stages know about one candidate entry. */
export interface Candidate {
  doc: number;
  /** 1-based ranks in each list; absent when that retriever did not return the entry. */
  lexicalRank?: number;
  /** The lexical index's BM25F score. */
  lexicalScore?: number;
  vectorRank?: number;
  /** Cosine similarity of the entry's best chunk to the query. */
  vectorSimilarity?: number;
}

/** Per-entry data the reranker reads, precomputed at index time. */
export interface RerankProfile {
  /** Character-bigram sets of the title and each similar question. */
  phrasings: Set<string>[];
  /** Character sets (`c:` terms) of the same phrasings, in the same order. */
  characters: Set<string>[];
  /** Normalised keywords. */
  keywords: string[];
}

/** What the reranker keeps of one entry: the ways a shopper asks it, and the merchant's keywords. */
export function rerankProfileOf(entry: Pick<IndexableEntry, 'title' | 'similarQuestions' | 'keywords'>): RerankProfile {
  const phrasings = [entry.title, ...entry.similarQuestions];
  return { phrasings: phrasings.map(bigramSet), characters: phrasings.map(characterSet), keywords: entry.keywords.map(normalizeSearchText).filter(Boolean) };
}

export interface RankedCandidate extends Candidate {
  score: number;
  fused: number;
  phrasingOverlap: number;
  /** Share of the query's bigrams found in the entry's closest phrasing (lexical-only scoring). */
  coverage?: number;
  /** Rarity-weighted character cosine with the entry's closest phrasing (lexical-only scoring). */
  characterSimilarity?: number;
}

/** RRF's constant from Cormack et al.; ranks deep in a list still count, but little. */
const RRF_K = 60;
const RRF_SCALE = (RRF_K + 1) / 2;
/**
 * Final score weights. Chosen on the afqmc paraphrase benchmark (bench/kb-retrieval.ts prints the
 * ablation: fusion alone vs fusion + these features) and kept round to avoid fitting noise.
 */
const WEIGHTS = { fused: 0.45, phrasing: 0.3, vector: 0.15, keywords: 0.1 } as const;

/** Character bigrams plus synonym groups, so 退钱 and 退款 phrasings overlap here as they do in the indexes. */
export function bigramSet(text: string): Set<string> {
  const normalized = normalizeSearchText(text);
  const clean = normalized.replace(/[^\p{L}\p{N}]+/gu, '');
  const chars = Array.from(clean);
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) grams.add(chars[i] + chars[i + 1]);
  if (chars.length === 1) grams.add(chars[0]);
  for (const group of findSynonymGroups(normalized)) grams.add(`s:${group}`);
  return grams;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared += 1;
  return (2 * shared) / (a.size + b.size);
}

/**
 * Share of the query's grams that the phrasing has, each weighted by its rarity among the tenant's
 * phrasings: 怎么 or the 'how' synonym group say little about the topic, 以旧换新's bigrams a lot.
 */
function covered(query: Set<string>, phrasing: Set<string>, weightOf: (gram: string) => number): number {
  let total = 0;
  let shared = 0;
  for (const gram of query) {
    const weight = weightOf(gram);
    total += weight;
    if (phrasing.has(gram)) shared += weight;
  }
  return total === 0 ? 0 : shared / total;
}

/** Inverse document frequency of phrasing grams and characters over one tenant's entries, built with its index. */
export class GramRarity {
  private readonly entriesWith = new Map<string, number>();

  constructor(profiles: readonly RerankProfile[]) {
    for (const profile of profiles) {
      const grams = new Set<string>();
      for (const phrasing of [...profile.phrasings, ...profile.characters]) for (const gram of phrasing) grams.add(gram);
      for (const gram of grams) this.entriesWith.set(gram, (this.entriesWith.get(gram) ?? 0) + 1);
    }
    this.entries = profiles.length;
  }

  private readonly entries: number;

  weight(gram: string): number {
    return Math.log(1 + this.entries / ((this.entriesWith.get(gram) ?? 0) + 1));
  }
}

/** Reciprocal-rank fusion scaled so an entry first in both lists scores 1. */
export function fusedScore(candidate: Candidate): number {
  const part = (rank: number | undefined): number => (rank === undefined ? 0 : 1 / (RRF_K + rank));
  return (part(candidate.lexicalRank) + part(candidate.vectorRank)) * RRF_SCALE;
}

/**
 * The light second stage: reciprocal-rank fusion of the lexical and vector lists, then a feature
 * score that looks at the query against the entry as a whole. Whole-phrasing bigram overlap (Dice)
 * rewards a query that *is* one of the entry's questions over one that shares a rare word with its
 * answer; keyword hits let the merchant's curation speak; the raw vector similarity breaks ties
 * RRF flattens. Every feature is in [0, 1], so the score is too.
 */
export function rerankCandidates(query: string, candidates: Candidate[], profiles: readonly RerankProfile[], useFeatures = true): RankedCandidate[] {
  const queryGrams = bigramSet(query);
  const normalizedQuery = normalizeSearchText(query);
  return candidates
    .map((candidate) => {
      const fused = fusedScore(candidate);
      const profile = profiles[candidate.doc];
      const phrasingOverlap = profile ? Math.max(0, ...profile.phrasings.map((p) => dice(queryGrams, p))) : 0;
      if (!useFeatures) return { ...candidate, fused, phrasingOverlap, score: fused };
      const keywordHits = profile ? profile.keywords.filter((k) => k.length > 0 && normalizedQuery.includes(k)).length : 0;
      const score =
        WEIGHTS.fused * fused +
        WEIGHTS.phrasing * phrasingOverlap +
        WEIGHTS.vector * Math.max(0, candidate.vectorSimilarity ?? 0) +
        WEIGHTS.keywords * Math.min(keywordHits, 2) / 2;
      return { ...candidate, fused, phrasingOverlap, score };
    })
    .sort((a, b) => b.score - a.score || a.doc - b.doc);
}

/**
 * Lexical-only scoring: BM25F relative to the best hit, whole-phrasing bigram overlap, and
 * whole-phrasing character similarity. Chosen on the even-idx (tuning) half of afqmc dev only, by
 * bench:kb: BM25F alone 0.2220 MRR@10, with phrasing 0.7/0.3 0.2246, with characters 0.2408; the
 * tuning plateau ran from 0.1 to 0.2 for BM25F, and the larger share is kept because BM25F is the
 * only feature that reads answers and keywords (afqmc entries have neither; a merchant's FAQ has).
 */
const LEXICAL_ONLY_WEIGHTS = { bm25: 0.2, phrasing: 0.4, characters: 0.4 } as const;

/**
 * The second stage when vectors are off (the local embedder's default): BM25F finds the candidates,
 * then each is scored by how closely one of its phrasings matches the question as a whole, in
 * bigrams and in rare characters, beside its BM25F score. Unlike a rank-only score this says how
 * well the top entry matches, which is what answer() turns into a confidence. Scores are in [0, 1],
 * best first.
 */
export function scoreLexicalOnly(query: string, candidates: Candidate[], profiles: readonly RerankProfile[], rarity?: GramRarity): RankedCandidate[] {
  const queryGrams = bigramSet(query);
  const queryCharacters = characterSet(query);
  const weightOf = (gram: string): number => (rarity ? rarity.weight(gram) : 1);
  const top = Math.max(1e-9, ...candidates.map((c) => c.lexicalScore ?? 0));
  return candidates
    .map((candidate) => {
      const profile = profiles[candidate.doc];
      const phrasingOverlap = profile ? Math.max(0, ...profile.phrasings.map((p) => dice(queryGrams, p))) : 0;
      const coverage = profile ? Math.max(0, ...profile.phrasings.map((p) => covered(queryGrams, p, weightOf))) : 0;
      const characterSimilarity = profile ? Math.max(0, ...profile.characters.map((c) => characterCosine(queryCharacters, c, weightOf))) : 0;
      const score =
        LEXICAL_ONLY_WEIGHTS.bm25 * ((candidate.lexicalScore ?? 0) / top) + LEXICAL_ONLY_WEIGHTS.phrasing * phrasingOverlap + LEXICAL_ONLY_WEIGHTS.characters * characterSimilarity;
      return { ...candidate, fused: fusedScore(candidate), phrasingOverlap, coverage, characterSimilarity, score };
    })
    .sort((a, b) => b.score - a.score || a.doc - b.doc);
}
