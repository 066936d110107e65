import { normalizeSearchText } from './normalize-search-text';

/**
 * The distinct characters (Han, letters, digits) of a text, each as `c:<char>` so they never
 * collide with the bigrams and synonym groups that share the same rarity table.
 */
export function characterSet(text: string): Set<string> {
  const clean = normalizeSearchText(text).replace(/[^\p{L}\p{N}]+/gu, '');
  return new Set(Array.from(clean, (char) => `c:${char}`));
}

/**
 * Rarity-weighted cosine of two character sets (weights squared, as tf-idf cosine of binary
 * vectors). Why characters at all, beside bigrams and jieba words: a paraphrase keeps the rare
 * characters of its topic but often not their neighbours (扫码 vs 扫描二维码, 解除冻结 vs 解冻,
 * 结账 vs 账单), so bigrams miss what single characters still share; rarity keeps 的/了/吗 from
 * counting. Symmetric, so a phrasing that adds a topic the question lacks scores lower too.
 * Added after bench:kb measured it on the even-idx tuning half of afqmc (see README).
 */
export function characterCosine(query: Set<string>, phrasing: Set<string>, weightOf: (char: string) => number): number {
  if (query.size === 0 || phrasing.size === 0) return 0;
  let shared = 0;
  let queryNorm = 0;
  let phrasingNorm = 0;
  for (const char of query) {
    const weight = weightOf(char) ** 2;
    queryNorm += weight;
    if (phrasing.has(char)) shared += weight;
  }
  for (const char of phrasing) phrasingNorm += weightOf(char) ** 2;
  return queryNorm === 0 || phrasingNorm === 0 ? 0 : shared / Math.sqrt(queryNorm * phrasingNorm);
}
