import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { pinyin } from 'pinyin-pro';
import { findSynonymGroups } from './ecommerce-synonyms';
import { normalizeSearchText } from './normalize-search-text';

/** What one text contributes to the indexes; terms carry a kind prefix so kinds never collide. */
export interface AnalyzedText {
  normalized: string;
  /** jieba search-mode words, stop words removed: `w:退款`. */
  words: string[];
  /** Character bigrams of each Han/alnum run (a lone character becomes a unigram): `b:退款`. */
  bigrams: string[];
  /** Toneless pinyin of Han character pairs and longer words (`p:tuikuan`), and of Latin tokens and their joins, so typed pinyin meets hanzi. */
  pinyin: string[];
  /** E-commerce synonym groups: `s:refund`. */
  synonyms: string[];
}

let jieba: Jieba | null = null;
const pinyinCache = new Map<string, string>();
const PINYIN_CACHE_LIMIT = 200_000;

// Function words that carry no topic; BM25's IDF would discount them anyway, but the hashed vectors
// have no corpus IDF for unknown words, so they are dropped at the source.
const STOP_WORDS = new Set(
  '的 了 吗 呢 啊 吧 呀 哦 嘛 么 我 你 他 她 它 我们 你们 是 在 有 和 与 就 都 也 还 又 这 那 这个 那个 一下 一个 请问 请 麻烦 亲 您 谢谢 好的 嗯 哈 啦 个 给 被 把 会 要 想 能 可以'.split(' '),
);
const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /^[a-z]+$/;
const RUN_SPLIT = /[^\p{Script=Han}\p{L}\p{N}]+/u;

function segmenter(): Jieba {
  // Loading the dictionary costs ~100 ms: once per process.
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const MAX_PINYIN_KEYS = 4;

/** Every toneless reading of one character (polyphones have several: 还 hai/huan, 呗 bai/bei). */
function readingsOf(char: string): string[] {
  let cached = pinyinCache.get(char);
  if (cached === undefined) {
    const readings = [...new Set(pinyin(char, { toneType: 'none', type: 'array', multiple: true }))].filter((r) => /^[a-zü]+$/.test(r));
    cached = readings.join(',');
    if (pinyinCache.size >= PINYIN_CACHE_LIMIT) pinyinCache.clear();
    pinyinCache.set(char, cached);
  }
  return cached ? cached.split(',') : [];
}

/**
 * Toneless pinyin keys of a Han word. pinyin-pro picks one reading per character and gets common
 * words wrong (还款 → haikuan, 花呗 → huabai), so polyphones expand into every combination, capped:
 * a homophone typo (花被 huabei) then still shares a key with the real word.
 */
function pinyinKeys(word: string): string[] {
  let keys = [''];
  for (const char of Array.from(word)) {
    const readings = readingsOf(char);
    if (readings.length === 0) return [];
    keys = keys.flatMap((k) => readings.map((r) => k + r)).slice(0, MAX_PINYIN_KEYS);
  }
  return keys;
}

/**
 * The Chinese-aware analysis shared by the lexical index and the local embedder. Three views of the
 * same text because each fails differently: jieba words are precise but split typos and new words
 * badly; character bigrams survive segmentation errors; pinyin survives homophone typos (花被 for
 * 花呗) and shoppers typing pinyin without picking characters.
 */
export function analyzeSearchText(text: string): AnalyzedText {
  const normalized = normalizeSearchText(text);
  const words: string[] = [];
  const pinyinTerms: string[] = [];
  const latinRun: string[] = [];
  const flushLatin = (): void => {
    // "tui kuan" typed with spaces: join neighbours so it meets the pinyin of 退款.
    for (let i = 0; i < latinRun.length; i += 1) {
      if (i + 1 < latinRun.length) pinyinTerms.push(`p:${latinRun[i]}${latinRun[i + 1]}`);
      if (i + 2 < latinRun.length) pinyinTerms.push(`p:${latinRun[i]}${latinRun[i + 1]}${latinRun[i + 2]}`);
    }
    latinRun.length = 0;
  };
  if (normalized) {
    for (const raw of segmenter().cutForSearch(normalized, true)) {
      const word = raw.trim();
      if (!word || !/[\p{L}\p{N}]/u.test(word)) continue;
      if (LATIN_WORD.test(word)) {
        latinRun.push(word);
        pinyinTerms.push(`p:${word}`);
      } else {
        flushLatin();
        // Two-character words get their pinyin from the bigram pass below.
        if (HAN.test(word) && word.length >= 3) {
          for (const key of pinyinKeys(word)) pinyinTerms.push(`p:${key}`);
        }
      }
      if (!STOP_WORDS.has(word)) words.push(`w:${word}`);
    }
    flushLatin();
  }
  const bigrams: string[] = [];
  for (const run of normalized.split(RUN_SPLIT)) {
    // Latin/digit runs are already whole words; their letter pairs would only add noise.
    if (!HAN.test(run)) continue;
    const chars = Array.from(run);
    if (chars.length === 1) bigrams.push(`u:${chars[0]}`);
    for (let i = 0; i + 1 < chars.length; i += 1) {
      const pair = `${chars[i]}${chars[i + 1]}`;
      bigrams.push(`b:${pair}`);
      // Pinyin per character pair, not only per jieba word: jieba splits words it does not know
      // (花呗 → 花 呗), which would leave the typo 花被 nothing to meet.
      if (HAN.test(chars[i]) && HAN.test(chars[i + 1])) for (const key of pinyinKeys(pair)) pinyinTerms.push(`p:${key}`);
    }
  }
  return { normalized, words, bigrams, pinyin: pinyinTerms, synonyms: findSynonymGroups(normalized).map((g) => `s:${g}`) };
}
