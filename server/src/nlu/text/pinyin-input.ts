import { ECOMMERCE_LEXICON } from './ecommerce-lexicon';
import { PINYIN_SYLLABLES, isHanzi, splitPinyinSyllables, tonelessPinyin } from './pinyin-keys';

/** Result of a conversion: the text with pinyin runs replaced by hanzi, and what was replaced. */
export interface PinyinConversion {
  text: string;
  conversions: { from: string; to: string }[];
}

interface DictEntry {
  word: string;
  /** Offsets inside the compact key where one syllable ends and the next begins. */
  boundaries: Set<number>;
  syllables: number;
}

// English words that happen to be valid pinyin strings and show up in shopper text.
// English words that happen to be valid pinyin strings and show up in shopper text. Words that are far
// more often pinyin in a Chinese chat (hen, long, ban …) are deliberately absent; lone syllables are
// never converted anyway.
const ENGLISH_WORDS = new Set([
  'a', 'an', 'ai', 'me', 'he', 'she', 'hi', 'tie', 'die', 'pie', 'lie', 'mine', 'name', 'nice', 'make', 'take', 'bike',
  'line', 'nike', 'mate', 'gene', 'lite', 'e', 'o', 'seo', 'wifi',
])
const WORD_COST = 1;
const SINGLE_WORD_COST = 1.3;
const FALLBACK_COST = 2.5;
const MAX_SYLLABLE_LEN = 6;

/**
 * Turns toneless pinyin typed instead of hanzi ("wo yao tuihuo", "AJ1 you huo ma") into hanzi using a
 * known vocabulary. Runs of letters are segmented by dynamic programming over vocabulary words (cheaper
 * per word, so longer words win) with single-syllable characters as an expensive fallback; a run is
 * only replaced when the vocabulary explains most of it, which keeps English and model names intact.
 */
export class PinyinInputConverter {
  private readonly dict = new Map<string, DictEntry>();
  private readonly fallback = new Map<string, string>();
  private readonly keep: Set<string>;
  private maxKeyLen = MAX_SYLLABLE_LEN;

  constructor(vocabulary: readonly string[] = ECOMMERCE_LEXICON, keepWords: readonly string[] = []) {
    this.keep = new Set([...ENGLISH_WORDS, ...keepWords.map((w) => w.toLowerCase())]);
    for (const word of vocabulary) this.addWord(word);
  }

  addWord(word: string): void {
    const chars = Array.from(word);
    if (chars.length === 0 || !chars.every(isHanzi)) return;
    const syllables = tonelessPinyin(word);
    chars.forEach((c, i) => {
      if (!this.fallback.has(syllables[i])) this.fallback.set(syllables[i], c);
    });
    const key = syllables.join('');
    // First word wins a pinyin collision: callers list their preferred vocabulary first.
    if (this.dict.has(key)) return;
    const boundaries = new Set<number>();
    let offset = 0;
    for (const s of syllables.slice(0, -1)) boundaries.add((offset += s.length));
    this.dict.set(key, { word, boundaries, syllables: syllables.length });
    this.maxKeyLen = Math.max(this.maxKeyLen, key.length);
  }

  convert(text: string): PinyinConversion {
    const conversions: PinyinConversion['conversions'] = [];
    const tokens = [...text.matchAll(/[A-Za-z0-9]+/g)].map((m) => ({ value: m[0], start: m.index ?? 0 }));
    const groups: { start: number; end: number; tokens: string[] }[] = [];
    let current: { start: number; end: number; tokens: string[] } | null = null;
    for (const token of tokens) {
      if (!this.isCandidate(token.value)) {
        current = null;
        continue;
      }
      const end = token.start + token.value.length;
      if (current && /^\s*$/.test(text.slice(current.end, token.start))) {
        current.tokens.push(token.value.toLowerCase());
        current.end = end;
      } else {
        current = { start: token.start, end, tokens: [token.value.toLowerCase()] };
        groups.push(current);
      }
    }
    let out = text;
    // Replace from the back so earlier offsets stay valid.
    for (const group of groups.reverse()) {
      const hanzi = this.segment(group.tokens);
      if (hanzi === null) continue;
      const from = text.slice(group.start, group.end);
      conversions.unshift({ from, to: hanzi });
      out = out.slice(0, group.start) + hanzi + out.slice(group.end);
    }
    return { text: out, conversions };
  }

  private isCandidate(token: string): boolean {
    if (/[0-9]/.test(token) || /^.[^A-Z]*[A-Z]/.test(token)) return false; // digits or inner capitals: a model name
    const lower = token.toLowerCase();
    return !this.keep.has(lower) && splitPinyinSyllables(lower) !== null;
  }

  /** Best hanzi for a group of pinyin tokens, or null when the vocabulary doesn't explain it well. */
  private segment(tokens: string[]): string | null {
    const s = tokens.join('');
    const spaces = new Set<number>();
    let offset = 0;
    for (const t of tokens.slice(0, -1)) spaces.add((offset += t.length));
    const n = s.length;
    const cost: number[] = new Array<number>(n + 1).fill(Infinity);
    const back: { from: number; out: string; fallback: boolean; syllables: number }[] = new Array(n + 1);
    cost[0] = 0;
    const crossesSpace = (i: number, j: number, inner?: Set<number>): boolean => {
      for (let k = i + 1; k < j; k++) if (spaces.has(k) && !inner?.has(k - i)) return true;
      return false;
    };
    for (let i = 0; i < n; i++) {
      if (cost[i] === Infinity) continue;
      for (let j = i + 1; j <= Math.min(n, i + this.maxKeyLen); j++) {
        const piece = s.slice(i, j);
        const entry = this.dict.get(piece);
        if (entry && !crossesSpace(i, j, entry.boundaries)) {
          const c = cost[i] + (entry.syllables > 1 ? WORD_COST : SINGLE_WORD_COST);
          if (c < cost[j]) {
            cost[j] = c;
            back[j] = { from: i, out: entry.word, fallback: false, syllables: entry.syllables };
          }
        }
        const char = this.fallback.get(piece);
        if (char && !entry && PINYIN_SYLLABLES.has(piece) && !crossesSpace(i, j)) {
          const c = cost[i] + FALLBACK_COST;
          if (c < cost[j]) {
            cost[j] = c;
            back[j] = { from: i, out: char, fallback: true, syllables: 1 };
          }
        }
      }
    }
    if (cost[n] === Infinity) return null;
    const pieces: string[] = [];
    let syllables = 0;
    let fallbacks = 0;
    let multi = false;
    for (let j = n; j > 0; j = back[j].from) {
      pieces.unshift(back[j].out);
      syllables += back[j].syllables;
      if (back[j].fallback) fallbacks++;
      if (back[j].syllables > 1) multi = true;
    }
    if (syllables < 2 || fallbacks > Math.floor(syllables / 3)) return null;
    if (!multi && tokens.length < 2) return null;
    return pieces.join('');
  }
}

let defaultConverter: PinyinInputConverter | null = null;

/** Converts with the built-in e-commerce lexicon plus any extra vocabulary (e.g. catalog words). */
export function convertPinyinInput(text: string, extraVocabulary: readonly string[] = []): PinyinConversion {
  if (extraVocabulary.length === 0) {
    defaultConverter ??= new PinyinInputConverter();
    return defaultConverter.convert(text);
  }
  return new PinyinInputConverter([...extraVocabulary, ...ECOMMERCE_LEXICON]).convert(text);
}
