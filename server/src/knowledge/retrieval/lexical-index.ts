import { analyzeSearchText, type AnalyzedText } from './analyze-search-text';
import type { IndexableEntry } from './indexable-entry';

export interface LexicalHit {
  /** Position of the entry in the index's entry list. */
  doc: number;
  score: number;
}

/**
 * Field weights (BM25F): the ways a shopper asks (title, similar questions) and the merchant's
 * keywords say what an entry is about; the answer mentions many things it is not about, so its
 * words count for less.
 */
const FIELD_WEIGHTS = { phrasing: 1, keywords: 0.8, answer: 0.3 } as const;
type Field = keyof typeof FIELD_WEIGHTS;

/** The index's knobs; the defaults are what bench:kb measured best on afqmc dev (tuned there, see README). */
export interface LexicalTuning {
  fieldWeights: Record<Field, number>;
  /** Query-side weight of each term kind (w word, s synonym group, b bigram, u lone character, p pinyin). */
  kindWeights: Record<string, number>;
  k1: number;
  b: number;
}

export const DEFAULT_LEXICAL_TUNING: LexicalTuning = {
  fieldWeights: FIELD_WEIGHTS,
  // Words and synonym groups are the sharpest evidence. Pinyin stays small: on afqmc dev it costs
  // precision (0.4 → 0.1 moved MRR@10 0.2139 → 0.2235 with bigrams 0.6 → 0.8), but it is what lets
  // homophone typos (花被) and typed pinyin match at all.
  kindWeights: { w: 1, s: 1, b: 0.8, u: 0.3, p: 0.1 },
  k1: 1.2,
  b: 0.75,
};

function termsOf(analyzed: AnalyzedText): string[] {
  return [...analyzed.words, ...analyzed.bigrams, ...analyzed.pinyin, ...analyzed.synonyms];
}

function fieldTexts(entry: IndexableEntry): Record<Field, string[]> {
  return { phrasing: [entry.title, ...entry.similarQuestions], keywords: entry.keywords, answer: entry.answer === entry.title ? [] : [entry.answer] };
}

/**
 * An immutable BM25F index over one tenant's entries. Immutability is what makes re-indexing
 * atomic: a new index is built beside the old one and the owner swaps one reference, so a search
 * in flight always sees a complete index.
 */
export class LexicalIndex {
  private readonly termIds = new Map<string, number>();
  /** Per term: the documents containing it and the precomputed BM25F impact (idf × saturated tf). */
  private readonly postingDocs: Uint32Array[] = [];
  private readonly postingImpacts: Float32Array[] = [];

  private constructor(
    readonly entries: readonly IndexableEntry[],
    private readonly tuning: LexicalTuning,
  ) {}

  static build(entries: readonly IndexableEntry[], tuning: LexicalTuning = DEFAULT_LEXICAL_TUNING): LexicalIndex {
    const index = new LexicalIndex(entries, tuning);
    const { k1: K1, b: B, fieldWeights } = tuning;
    const fields = Object.keys(fieldWeights) as Field[];
    const perDoc = entries.map((entry) => {
      const texts = fieldTexts(entry);
      return Object.fromEntries(fields.map((f) => [f, texts[f].flatMap((t) => termsOf(analyzeSearchText(t)))])) as Record<Field, string[]>;
    });
    const avgLength = Object.fromEntries(
      fields.map((f) => [f, Math.max(1, perDoc.reduce((sum, d) => sum + d[f].length, 0) / Math.max(1, perDoc.length))]),
    ) as Record<Field, number>;

    const docsByTerm = new Map<string, { docs: number[]; tfs: number[] }>();
    perDoc.forEach((doc, docNo) => {
      const pseudoTf = new Map<string, number>();
      for (const f of fields) {
        const norm = 1 - B + (B * doc[f].length) / avgLength[f];
        for (const term of doc[f]) pseudoTf.set(term, (pseudoTf.get(term) ?? 0) + fieldWeights[f] / norm);
      }
      for (const [term, tf] of pseudoTf) {
        let posting = docsByTerm.get(term);
        if (!posting) docsByTerm.set(term, (posting = { docs: [], tfs: [] }));
        posting.docs.push(docNo);
        posting.tfs.push(tf);
      }
    });
    const n = entries.length;
    for (const [term, { docs, tfs }] of docsByTerm) {
      const idf = Math.log(1 + (n - docs.length + 0.5) / (docs.length + 0.5));
      index.termIds.set(term, index.postingDocs.length);
      index.postingDocs.push(Uint32Array.from(docs));
      index.postingImpacts.push(Float32Array.from(tfs, (tf) => (idf * tf * (K1 + 1)) / (tf + K1)));
    }
    return index;
  }

  get size(): number {
    return this.entries.length;
  }

  search(query: string, k: number): LexicalHit[] {
    const analyzed = analyzeSearchText(query);
    // Repeated query terms count once: a shopper repeating 退款退款 is not asking twice as much.
    const terms = new Set(termsOf(analyzed));
    const scores = new Float64Array(this.entries.length);
    const touched: number[] = [];
    for (const term of terms) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const weight = this.tuning.kindWeights[term.slice(0, 1)] ?? 0.5;
      const docs = this.postingDocs[id];
      const impacts = this.postingImpacts[id];
      for (let i = 0; i < docs.length; i += 1) {
        if (scores[docs[i]] === 0) touched.push(docs[i]);
        scores[docs[i]] += weight * impacts[i];
      }
    }
    return touched
      .map((doc) => ({ doc, score: scores[doc] }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, k);
  }
}
