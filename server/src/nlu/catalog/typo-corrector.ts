import { dict as jiebaDict } from '@node-rs/jieba/dict';
import { fuzzySyllable, isHanzi, tonelessPinyin } from '../text/pinyin-keys';
import { wordSpans } from '../text/word-segmenter';

export interface TypoCorrection {
  text: string;
  corrections: { from: string; to: string }[];
}

// A window that is itself a common Chinese word (事件, 地质, 九十) is almost certainly what the shopper
// meant, even if it sounds like a vocabulary word (时间, 地址, 就是). Rare words (发火 138) still get fixed.
const COMMON_WORD_FREQ = 300;
const NUMERALS = /[零一二两三四五六七八九十百千万亿]/;
// Shoppers mistype content characters, not these: a window whose odd character is one of them (不发 vs
// 补发) is a correct phrase next to a word, so it is never rewritten.
const FUNCTION_CHARS = new Set(Array.from('的了是不在我你他她它有和就也都还要吗呢吧啊嘛么这那个们没很太能会可得地着过把被给让从到对已'));

let commonWords: Map<string, number> | null = null;
function commonWordFrequency(word: string): number {
  if (!commonWords) {
    commonWords = new Map();
    for (const line of Buffer.from(jiebaDict).toString('utf8').split('\n')) {
      const [w, f] = line.split(' ');
      const length = w ? Array.from(w).length : 0;
      if (length >= 2 && length <= 5) commonWords.set(w, Number(f) || 0);
    }
  }
  return commonWords.get(word) ?? 0;
}

interface VocabEntry {
  word: string;
  chars: string[];
  fuzzy: string[];
  exact: string[];
}

/**
 * Fixes homophone and near-homophone typos (退宽→退款, 吹风鸡→吹风机, 戴深→戴森) against a known
 * vocabulary. Conservative by construction: exact vocabulary words are protected first, a candidate
 * window must share at least one character with the word it becomes, must not be a common word in its
 * own right and must not contain numerals — correct text should come out byte-identical.
 */
export class TypoCorrector {
  private readonly words = new Set<string>();
  private readonly byKey = new Map<string, VocabEntry>();
  /**
   * Words of 3+ characters indexed once per position with that syllable reduced to its final:
   * finding "one syllable with another initial" becomes a few map look-ups instead of a scan of
   * every vocabulary word per window (the scan was the engine's slowest step).
   */
  private readonly byOneInitialOff = new Map<string, { entry: VocabEntry; order: number }[]>();
  private readonly maxLen: number;
  /** Word lengths present in the vocabulary: windows of other lengths cannot match and are skipped. */
  private readonly lengths = new Set<number>();

  constructor(vocabulary: readonly string[]) {
    let maxLen = 0;
    for (const word of vocabulary) {
      const chars = Array.from(word);
      if (chars.length < 2 || !chars.every(isHanzi) || this.words.has(word)) continue;
      this.words.add(word);
      const exact = tonelessPinyin(word);
      const entry: VocabEntry = { word, chars, exact, fuzzy: exact.map(fuzzySyllable) };
      const key = entry.fuzzy.join(' ');
      if (!this.byKey.has(key)) this.byKey.set(key, entry);
      if (chars.length >= 3) {
        entry.fuzzy.forEach((_, k) => {
          const looseKey = oneInitialOffKey(entry.fuzzy, k);
          const list = this.byOneInitialOff.get(looseKey) ?? [];
          list.push({ entry, order: this.words.size });
          this.byOneInitialOff.set(looseKey, list);
        });
      }
      maxLen = Math.max(maxLen, chars.length);
      this.lengths.add(chars.length);
    }
    this.maxLen = maxLen;
  }

  correct(text: string): TypoCorrection {
    const corrections: TypoCorrection['corrections'] = [];
    if (this.maxLen === 0 || !text) return { text, corrections };
    const out = text.replace(/[\u3400-\u9fff\uf900-\ufaff]{2,}/g, (run) => this.correctRun(run, corrections));
    return { text: out, corrections };
  }

  private correctRun(run: string, corrections: TypoCorrection['corrections']): string {
    const chars = Array.from(run);
    const n = chars.length;
    // Protect every exact vocabulary occurrence so a window never straddles a good word; a window may
    // still swallow one whole (优惠卷 contains 优惠 and becomes 优惠券).
    const spans: [number, number][] = [];
    for (let len = Math.min(this.maxLen, n); len >= 2; len--) {
      for (let i = 0; i + len <= n; i++) if (this.words.has(chars.slice(i, i + len).join(''))) spans.push([i, i + len]);
    }
    const straddles = (start: number, end: number): boolean =>
      spans.some(([s, e]) => s < end && e > start && !(s >= start && e <= end));
    const exact = tonelessPinyin(run);
    const fuzzy = exact.map(fuzzySyllable);
    const finals = fuzzy.map((syllable) => `*${syllable.replace(INITIAL, '')}`);
    const words = wordSpans(run);
    const result: string[] = [];
    let i = 0;
    while (i < n) {
      let replaced = false;
      for (let len = Math.min(this.maxLen, n - i); len >= 2 && !replaced; len--) {
        if (!this.lengths.has(len) || straddles(i, i + len) || spans.some(([s, e]) => s === i && e === i + len)) continue;
        const window = chars.slice(i, i + len);
        const entry = this.match(window, fuzzy.slice(i, i + len), exact.slice(i, i + len), finals.slice(i, i + len));
        // A changed character that belongs to a real word reaching outside the window (提前|收 → 签收) is no typo.
        // Words that merely glue a function character on (不|发火) don't count.
        const inWord = (k: number): boolean => {
          const [ws, we] = words[i + k];
          const outside = [...chars.slice(ws, Math.max(ws, i)), ...chars.slice(Math.min(we, i + len), we)];
          return outside.some((c) => !FUNCTION_CHARS.has(c));
        };
        if (entry && window.some((c, k) => c !== entry.chars[k] && inWord(k))) continue;
        if (!entry) continue;
        corrections.push({ from: window.join(''), to: entry.word });
        result.push(entry.word);
        i += len;
        replaced = true;
      }
      if (!replaced) result.push(chars[i++]);
    }
    return result.join('');
  }

  private match(window: string[], fuzzy: string[], exact: string[], finals: string[]): VocabEntry | null {
    const text = window.join('');
    if (NUMERALS.test(text) || commonWordFrequency(text) >= COMMON_WORD_FREQ) return null;
    const shares = (entry: VocabEntry): number => entry.chars.filter((c, k) => c === window[k]).length;
    const plausible = (entry: VocabEntry): boolean => window.every((c, k) => c === entry.chars[k] || !FUNCTION_CHARS.has(c));
    const homophone = this.byKey.get(fuzzy.join(' '));
    // Two-character windows must sound exactly alike: with blurred initials too many real phrases
    // (上包 ~ 三包) collide with a vocabulary word.
    if (homophone && shares(homophone) >= 1 && plausible(homophone) && (window.length >= 3 || homophone.exact.join(' ') === exact.join(' '))) {
      return homophone;
    }
    if (window.length < 3) return null;
    // Longer words tolerate one syllable whose initial is off (优惠卷 ~ 优惠券: juan/quan); a different
    // rhyme (手机卡 vs 手机壳) is a different word.
    let best: { entry: VocabEntry; order: number } | null = null;
    for (let k = 0; k < window.length; k++) {
      const looseKey = [...fuzzy.slice(0, k), finals[k], ...fuzzy.slice(k + 1)].join(' ');
      for (const candidate of this.byOneInitialOff.get(looseKey) ?? []) {
        const { entry } = candidate;
        // Exactly one syllable differs (at k), and only in its initial: same final by construction.
        if (entry.fuzzy[k] === fuzzy[k] || (best && best.order <= candidate.order)) continue;
        if (shares(entry) >= window.length - 1 && plausible(entry)) best = candidate;
      }
    }
    return best?.entry ?? null;
  }
}

const INITIAL = /^(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])/;

function oneInitialOffKey(syllables: string[], position: number): string {
  return syllables.map((syllable, k) => (k === position ? `*${syllable.replace(INITIAL, '')}` : syllable)).join(' ');
}
