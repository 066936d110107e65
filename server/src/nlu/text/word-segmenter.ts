import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

let jieba: Jieba | null = null;

/**
 * jieba word segmentation (dictionary only, no HMM, so unknown strings such as typos fall apart into
 * single characters instead of being glued into invented words). One shared instance: loading the
 * dictionary costs ~100 ms.
 */
export function segmentWords(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return text ? jieba.cut(text, false) : [];
}

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
