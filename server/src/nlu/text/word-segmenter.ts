import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { SERVICE_TERMS } from './ecommerce-lexicon';
import { remember } from './pinyin-keys';

let jieba: Jieba | null = null;

// Frequency given to lexicon terms: high enough that 七天无理由 or 运费险 stay whole, low enough not to
// outvote the dictionary on ordinary words around them.
const TERM_FREQUENCY = 20000;

/**
 * The process's one jieba (the dictionary costs ~100 ms and tens of MB to load): the default
 * dictionary plus the e-commerce service terms as user words, so they are single tokens for every
 * consumer. Product-type words stay out: the resolver derives a product's short forms (炸锅 from
 * 空气炸锅) from the dictionary's finer cut. Catalog names are tenant data and stay out of this
 * shared instance too; the typo corrector and the resolver protect them by exact matching instead.
 */
export function sharedJieba(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    const terms = SERVICE_TERMS.filter((term) => Array.from(term).length >= 2);
    jieba.loadDict(Buffer.from(terms.map((term) => `${term} ${TERM_FREQUENCY} n`).join('\n'), 'utf8'));
  }
  return jieba;
}

/**
 * jieba word segmentation (dictionary only, no HMM, so unknown strings such as typos fall apart into
 * single characters instead of being glued into invented words). One shared instance: loading the
 * dictionary costs ~100 ms.
 */
export function segmentWords(text: string): string[] {
  if (!text) return [];
  const cached = recentCuts.get(text);
  if (cached) return cached.slice();
  const words = sharedJieba().cut(text, false);
  remember(recentCuts, text, words);
  return words.slice();
}

// The typo corrector and the catalog resolver segment the same runs of one turn (the resolver sees the
// corrected text, identical whenever nothing was corrected): a memo of the last few runs avoids cutting
// twice. Too small to carry anything from one message to the next.
const recentCuts = new Map<string, string[]>();

/**
 * For each character of `text`, the [start, end) character span of the jieba word containing it.
 * Typo fixers use it to avoid rewriting a character that belongs to a real word (提前|收 is not 签收).
 */
export function wordSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let at = 0;
  for (const word of segmentWords(text)) {
    const len = Array.from(word).length;
    for (let k = 0; k < len; k++) spans.push([at, at + len]);
    at += len;
  }
  return spans;
}
