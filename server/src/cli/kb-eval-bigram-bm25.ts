/**
 * The baseline retrieval quality is compared against: plain Okapi BM25 (k1 1.2, b 0.75) over
 * character bigrams of NFKC-folded, lower-cased text — no segmentation, synonyms, pinyin, vectors or
 * reranking. Deliberately simple, so a gain over it is a gain of the product's extra machinery.
 */
export class BigramBm25 {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[];
  private readonly avgLength: number;

  constructor(texts: string[]) {
    this.lengths = texts.map((text, doc) => {
      const grams = bigrams(text);
      const tf = new Map<string, number>();
      for (const g of grams) tf.set(g, (tf.get(g) ?? 0) + 1);
      for (const [g, n] of tf) {
        let list = this.postings.get(g);
        if (!list) this.postings.set(g, (list = []));
        list.push({ doc, tf: n });
      }
      return grams.length;
    });
    this.avgLength = Math.max(1, this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, texts.length));
  }

  search(query: string, k: number): { doc: number; score: number }[] {
    const scores = new Map<number, number>();
    const n = this.lengths.length;
    for (const g of new Set(bigrams(query))) {
      const list = this.postings.get(g);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) {
        const norm = 1.2 * (1 - 0.75 + (0.75 * this.lengths[doc]) / this.avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * 2.2) / (tf + norm));
      }
    }
    return [...scores.entries()]
      .map(([doc, score]) => ({ doc, score }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, k);
  }
}

function bigrams(text: string): string[] {
  const chars = Array.from(text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, ''));
  if (chars.length === 1) return chars;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i += 1) grams.push(chars[i] + chars[i + 1]);
  return grams;
}
