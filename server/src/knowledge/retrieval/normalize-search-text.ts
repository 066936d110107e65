import * as OpenCC from 'opencc-js';

// Built once: the converter compiles its dictionaries into a trie (~50 ms), far too slow per call.
let toSimplified: ((text: string) => string) | null = null;

/**
 * The one normal form every indexed text and every query passes through, so both sides compare
 * like with like: NFKC folds full-width letters/digits (ｔｕｉｋｕａｎ, １２３) and compatibility
 * forms, OpenCC maps traditional characters to simplified (shoppers from HK/TW or with a
 * traditional IME type 退貨), and lower-casing makes Latin and pinyin case-blind.
 */
export function normalizeSearchText(text: string): string {
  toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' });
  return toSimplified(text.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ').trim();
}
