import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { remember } from './pinyin-keys';

let jieba: Jieba | null = null;

/** The process's one default-dictionary jieba (the dictionary costs ~100 ms and tens of MB to load). */
export function sharedJieba(): Jieba {
  jieba ??= Jieba.withDict(dict);
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
