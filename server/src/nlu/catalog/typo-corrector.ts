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
  /**
   * First and second characters of the 3+-character words. A one-initial-off match keeps all but one
   * character, so one of a window's first two characters must be among these: a cheap test that skips
   * building the window's loose keys for nearly every window.
   */
  private readonly leadChars = [new Set<string>(), new Set<string>()];
  /** For each word length, the characters vocabulary words of that length have at each position. */
  private readonly charsAt = new Map<number, Set<string>[]>();
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
        this.leadChars[0].add(chars[0]);
        this.leadChars[1].add(chars[1]);
        entry.fuzzy.forEach((_, k) => {
          const looseKey = oneInitialOffKey(entry.fuzzy, k);
          const list = this.byOneInitialOff.get(looseKey) ?? [];
          list.push({ entry, order: this.words.size });
          this.byOneInitialOff.set(looseKey, list);
        });
      }
      const positions = this.charsAt.get(chars.length) ?? chars.map(() => new Set<string>());
      chars.forEach((c, k) => positions[k].add(c));
      this.charsAt.set(chars.length, positions);
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
    const exact = tonelessPinyin(run);
    const fuzzy = exact.map(fuzzySyllable);
    const finals = fuzzy.map((syllable) => `*${syllable.replace(INITIAL, '')}`);
    // jieba spans are only needed to veto a candidate, and most runs have none: cut lazily.
    let words: [number, number][] | null = null;
    const result: string[] = [];
    let i = 0;
    while (i < n) {
      let replaced = false;
      for (let len = Math.min(this.maxLen, n - i); len >= 2 && !replaced; len--) {
        if (!this.lengths.has(len) || !this.mayMatch(chars, i, len) || protectedWindow(spans, i, i + len)) continue;
        const window = chars.slice(i, i + len);
        const entry = this.match(window, fuzzy.slice(i, i + len), exact.slice(i, i + len), finals.slice(i, i + len));
        if (!entry) continue;
        words ??= wordSpans(run);
        if (changesWordReachingOut(window, entry, chars, words, i)) continue;
        corrections.push({ from: window.join(''), to: entry.word });
        result.push(entry.word);
        i += len;
        replaced = true;
      }
      if (!replaced) result.push(chars[i++]);
    }
    return result.join('');
  }

  /**
   * Every correction keeps at least one character in place (homophones share one, one-initial-off
   * words all but one), so a window with no character where a same-length word has it cannot match.
   * Checked on the run's characters before any window is sliced or keyed: most windows stop here.
   */
  private mayMatch(chars: string[], start: number, len: number): boolean {
    const positions = this.charsAt.get(len);
    if (!positions) return false;
    for (let k = 0; k < len; k++) if (positions[k].has(chars[start + k])) return true;
    return false;
  }

  private match(window: string[], fuzzy: string[], exact: string[], finals: string[]): VocabEntry | null {
    // Cheap look-ups first: most windows sound like no vocabulary word, and the numeral and common-word
    // vetoes only matter for those that do.
    const candidate = this.candidate(window, fuzzy, exact, finals);
    if (!candidate) return null;
    const text = window.join('');
    if (NUMERALS.test(text) || commonWordFrequency(text) >= COMMON_WORD_FREQ) return null;
    return candidate;
  }

  private candidate(window: string[], fuzzy: string[], exact: string[], finals: string[]): VocabEntry | null {
    const homophone = this.byKey.get(fuzzy.join(' '));
    // Two-character windows must sound exactly alike: with blurred initials too many real phrases
    // (上包 ~ 三包) collide with a vocabulary word.
    if (homophone && shares(homophone, window) >= 1 && plausible(homophone, window) && (window.length >= 3 || homophone.exact.join(' ') === exact.join(' '))) {
      return homophone;
    }
    if (window.length < 3 || !(this.leadChars[0].has(window[0]) || this.leadChars[1].has(window[1]))) return null;
    // Longer words tolerate one syllable whose initial is off (优惠卷 ~ 优惠券: juan/quan); a different
    // rhyme (手机卡 vs 手机壳) is a different word.
    let best: { entry: VocabEntry; order: number } | null = null;
    for (let k = 0; k < window.length; k++) {
      const looseKey = [...fuzzy.slice(0, k), finals[k], ...fuzzy.slice(k + 1)].join(' ');
      for (const candidate of this.byOneInitialOff.get(looseKey) ?? []) {
        const { entry } = candidate;
        // Exactly one syllable differs (at k), and only in its initial: same final by construction.
        if (entry.fuzzy[k] === fuzzy[k] || (best && best.order <= candidate.order)) continue;
        if (shares(entry, window) >= window.length - 1 && plausible(entry, window)) best = candidate;
      }
    }
    return best?.entry ?? null;
  }
}

// Module-level helpers rather than closures inside the per-window loop: the loop runs for every window
// of every turn, and closures allocated there showed up in the engine's profile.

/** A window that straddles an exact vocabulary word, or is exactly one, is left alone. */
function protectedWindow(spans: [number, number][], start: number, end: number): boolean {
  for (const [s, e] of spans) {
    if (s === start && e === end) return true;
    if (s < end && e > start && !(s >= start && e <= end)) return true;
  }
  return false;
}

function shares(entry: VocabEntry, window: string[]): number {
  let same = 0;
  for (let k = 0; k < window.length; k++) if (entry.chars[k] === window[k]) same += 1;
  return same;
}

function plausible(entry: VocabEntry, window: string[]): boolean {
  for (let k = 0; k < window.length; k++) if (window[k] !== entry.chars[k] && FUNCTION_CHARS.has(window[k])) return false;
  return true;
}

/**
 * A changed character that belongs to a real word reaching outside the window (提前|收 → 签收) is no
 * typo. Words that merely glue a function character on (不|发火) don't count.
 */
function changesWordReachingOut(window: string[], entry: VocabEntry, chars: string[], words: [number, number][], start: number): boolean {
  const end = start + window.length;
  for (let k = 0; k < window.length; k++) {
    if (window[k] === entry.chars[k]) continue;
    const [ws, we] = words[start + k];
    for (let c = ws; c < start; c++) if (!FUNCTION_CHARS.has(chars[c])) return true;
    for (let c = end; c < we; c++) if (!FUNCTION_CHARS.has(chars[c])) return true;
  }
  return false;
}

const INITIAL = /^(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])/;

function oneInitialOffKey(syllables: string[], position: number): string {
  return syllables.map((syllable, k) => (k === position ? `*${syllable.replace(INITIAL, '')}` : syllable)).join(' ');
}
