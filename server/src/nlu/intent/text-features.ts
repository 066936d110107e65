import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import * as OpenCC from 'opencc-js';
import { foldCantonese } from '../text/cantonese-fold';
import { splitPinyinSyllables, tonelessPinyin } from '../text/pinyin-keys';
import { sharedJieba } from '../text/word-segmenter';

// Jest runs modules in a vm sandbox where every global lookup (Math) is slow; hot loops use locals.
const { imul, sqrt } = Math;

/** Hashed sparse features of one text: indices into a weight table and their (L2-normalised) values. */
export interface FeatureVector {
  indices: Int32Array;
  values: Float32Array;
  /** Full 32-bit hashes of multi-character features (char 3-grams, word/syllable bigrams): used to judge whether the model knows the text at all. */
  strong: Int32Array;
}

// Traditional/HK forms fold to simplified so 幾時發貨 and 几时发货 share features. The engine passes text
// its normaliser has already folded and says so, sparing a second conversion per turn.
const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });

/** FNV-1a, 32-bit: fast, stable across runs, fine for feature hashing. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HAN = /[\u3400-\u9fff]/;

/**
 * Turns a shopper turn into hashed features: character 1–3-grams, jieba words and word bigrams, and
 * toneless pinyin syllables/bigrams (from Chinese characters and from pinyin-typed Latin runs).
 */
export class TextFeaturizer {
  private jieba: Jieba | null = null;
  private readonly userWords: string[] = [];

  constructor(readonly bits = 18) {}

  get dimension(): number {
    return 1 << this.bits;
  }

  get words(): readonly string[] {
    return this.userWords;
  }

  /** Teaches the segmenter product/brand words so they count as one token rather than split characters. */
  addUserWords(words: string[]): void {
    const clean = words.map((w) => w.trim()).filter((w) => w.length > 0 && !/\s/.test(w));
    if (clean.length === 0) return;
    this.jieba ??= Jieba.withDict(dict);
    this.jieba.loadDict(Buffer.from(clean.map((w) => `${w} 100000 n`).join('\n'), 'utf8'));
    this.userWords.push(...clean);
  }

  /** Canonical surface form: NFKC (full-width → half-width), lower case, simplified, Cantonese folded, numbers abstracted. */
  prepare(text: string, alreadySimplified = false): string {
    const lower = text.normalize('NFKC').toLowerCase();
    const folded = foldCantonese(alreadySimplified ? lower : toSimplified(lower));
    return folded
      // Long letter+digit runs are order/waybill numbers: their identity never matters for intent.
      .replace(/[a-z]{0,4}\d[\d ]{7,}\d/g, ' #ord ')
      // Long numbers (prices, model numbers) are abstracted; short ones stay, since 88/886/666 are words.
      .replace(/\d{4,}/g, '0000')
      .replace(/\s+/g, ' ')
      .trim();
  }

  /** Every feature string of a prepared text (exposed for tests and diagnostics). */
  featureStrings(prepared: string): string[] {
    const out: string[] = ['b'];
    const chars = Array.from(`\u0002${prepared.replace(/ /g, '')}\u0003`);
    for (let i = 0; i < chars.length; i += 1) {
      if (i > 0 && i < chars.length - 1) out.push(`c1${chars[i]}`);
      if (i + 1 < chars.length) out.push(`c2${chars[i]}${chars[i + 1]}`);
      if (i + 2 < chars.length) out.push(`c3${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
    }
    const words = (this.jieba ?? sharedJieba()).cut(prepared, false).filter((w) => w.trim().length > 0);
    for (let i = 0; i < words.length; i += 1) {
      out.push(`w${words[i]}`);
      if (i + 1 < words.length) out.push(`ww${words[i]}_${words[i + 1]}`);
    }
    const syllables = this.syllables(prepared);
    for (let i = 0; i < syllables.length; i += 1) {
      out.push(`y${syllables[i]}`);
      if (i + 1 < syllables.length) out.push(`yy${syllables[i]}_${syllables[i + 1]}`);
    }
    return out;
  }

  private syllables(prepared: string): string[] {
    const out: string[] = [];
    for (const match of prepared.matchAll(/[\u3400-\u9fff]+|[a-z]+/g)) {
      const run = match[0];
      if (HAN.test(run[0])) out.push(...tonelessPinyin(run));
      else if (run.length >= 2) out.push(...(splitPinyinSyllables(run) ?? [run]));
    }
    return out;
  }

  /** `alreadySimplified`: the text went through normalizeText (traditional already folded). */
  vectorize(text: string, alreadySimplified = false): FeatureVector {
    const mask = this.dimension - 1;
    const counts = new Map<number, number>();
    const strong: number[] = [];
    for (const feature of this.featureStrings(this.prepare(text, alreadySimplified))) {
      const full = hash(feature);
      const index = full & mask;
      counts.set(index, (counts.get(index) ?? 0) + 1);
      if ((feature.startsWith('c3') || feature.startsWith('ww') || feature.startsWith('yy')) && !feature.includes('\u0002') && !feature.includes('\u0003')) strong.push(full | 0);
    }
    const indices = new Int32Array(counts.size);
    const values = new Float32Array(counts.size);
    let norm = 0;
    let k = 0;
    for (const [index, count] of counts) {
      indices[k] = index;
      values[k] = count;
      norm += count * count;
      k += 1;
    }
    // L2 normalisation keeps long, explanatory turns from drowning the decision in sheer feature count.
    const scale = 1 / sqrt(norm);
    for (let i = 0; i < values.length; i += 1) values[i] *= scale;
    return { indices, values, strong: Int32Array.from(strong) };
  }
}
