import { dict } from '@node-rs/jieba/dict';
import { PRODUCT_TYPE_WORDS, SERVICE_TERMS, SHOPPER_PHRASES } from '../text/ecommerce-lexicon';
import { segmentWords, wordSpans } from '../text/word-segmenter';
import { PINYIN_SYLLABLES, fuzzySyllable, isHanzi, tonelessPinyin } from '../text/pinyin-keys';
import { BRAND_ALIAS_GROUPS } from './brand-aliases';

export interface CatalogProduct {
  sku: string;
  name: string;
  brand?: string;
  category?: string;
  aliases?: string[];
}

export interface ProductMatch {
  product: CatalogProduct;
  /** The stretch of (compacted, lower-cased) text that identified the product. */
  matched: string;
  score: number;
  /**
   * Kind of the strongest evidence. 'type' means only a product-type word (扫地机, 羽绒服) matched —
   * right for "is the 扫地机 in stock" but callers handling recommendations may prefer to ignore it.
   */
  evidence: KeyKind;
}

export type KeyKind = 'name' | 'alias' | 'model' | 'series' | 'brand' | 'sub' | 'type' | 'category' | 'spec';

interface KeyEntry {
  product: number;
  kind: KeyKind;
  weight: number;
}

interface Hit {
  product: number;
  kind: KeyKind;
  weight: number;
  start: number;
  end: number;
}

/** A product needs at least this much evidence; a lone shared brand or two-character fragment is below it. */
const MIN_SCORE = 0.5;
/** Two products this close are a coin toss: better to ask the shopper than to guess. */
const MIN_MARGIN = 0.05;
const PINYIN_FACTOR = 0.9;
const FUZZY_FACTOR = 0.9;

// Suffix words shoppers abbreviate to their initial (15 Pro Max → 15pm, S24 Ultra → s24u).
const MODEL_SUFFIX_ABBREV: Record<string, string> = { pro: 'p', max: 'm', ultra: 'u', plus: '+', mini: 'mini', lite: 'l' };
// Latin words that occur across whole product lines and identify nothing on their own.
const GENERIC_LATIN = new Set([
  'pro', 'max', 'plus', 'ultra', 'mini', 'lite', 'high', 'low', 'mid', 'og', 'new', 'classic', 'air', 'the', 'and', 'for',
  'edition', 'series', 'version', 'black', 'white', 'red', 'blue', 'men', 'women', 'kids', 'se', 'gt', 'neo', 'note',
]);
// Series names that are everyday English (OPPO Find, Honor Magic): alone they only support other evidence,
// so "can't find my order" stays product-free.
const COMMON_ENGLISH = new Set([
  'find', 'magic', 'home', 'smart', 'light', 'super', 'power', 'sport', 'sports', 'style', 'cool', 'life', 'love', 'free',
  'fast', 'just', 'like', 'good', 'best', 'more', 'open', 'book', 'watch', 'phone', 'band', 'edge', 'star', 'play',
  'walk', 'green', 'gold', 'silver', 'rose', 'pink', 'original', 'premium', 'basic', 'essential', 'daily', 'care', 'fresh',
  'pure', 'soft', 'comfort', 'active', 'nova', 'force', 'jordan', 'align', 'boost', 'wave', 'zoom', 'flex', 'move',
]);
// Chinese fragments of product names that describe rather than identify.
const GENERIC_CJK = new Set([
  '经典', '经典款', '男士', '女士', '男款', '女款', '男女', '高帮', '低帮', '短款', '长款', '新款', '正品', '官方', '旗舰',
  '套装', '专业', '系列', '限定', '礼盒', '儿童', '成人', '家用', '大容量', '便携', '智能', '升级', '款', '版', '装',
]);
const SPEC_TOKEN = /\d+(?:\.\d+)?(?:ml|kg|mah|mm|cm|l|g|w|v|m|寸|匹|度|段|瓶|片|斤|支|包|只|克|升|毫升|码)(?![a-z])/gi;
// Shorthand shoppers use for whole product lines.
const LATIN_WORD_NICKNAMES: Record<string, string[]> = { iphone: ['苹果'], ipad: ['平板'], airpods: ['苹果耳机'], galaxy: ['盖乐世'] };
const SEPARATORS = /[\s\-_·.'’/]/;
const LATIN_OR_DIGIT = /[a-z0-9]/;
const TYPES = new Set(PRODUCT_TYPE_WORDS);
const SERVICE = new Set(SERVICE_TERMS);
// Known brand spellings long enough to find by substring (2-letter latin ones like nb are too noisy).
const KNOWN_BRANDS = BRAND_ALIAS_GROUPS.flat().filter((b) => Array.from(b).some(isHanzi) ? b.length >= 2 : b.length >= 4);
const WEAK_BRANDLESS = new Set<KeyKind>(['type', 'sub', 'series', 'category', 'spec']);
const WEAK_ALONE = new Set<KeyKind>(['brand', 'series', 'category', 'spec']);
const DEGREE_ADVERBS = new Set(Array.from('很挺太真好多超蛮最更特'));
const PHRASES = new Set(SHOPPER_PHRASES);

/** Lower-case, NFKC, separators removed: the form both catalog keys and shopper text are compared in. */
export function compactForm(text: string): string {
  return Array.from(text.normalize('NFKC').toLowerCase())
    .filter((c) => !SEPARATORS.test(c))
    .join('');
}

/**
 * Finds which catalog product a shopper means. Each product is expanded into weighted keys — its name,
 * aliases, brand spellings, model numbers and their abbreviations/initialisms, distinctive Chinese
 * fragments, product-type words, and the toneless pinyin of the Chinese ones — and text is scanned for
 * them (exactly, and by fuzzy pinyin for hanzi typos). A product's score is its strongest key plus a
 * bonus for independent supporting keys (brand + type, brand + model); keys shared by several products
 * count for less, so a brand with many products or a common type word alone resolves nothing.
 */
export class CatalogResolver {
  private readonly products: CatalogProduct[];
  private readonly keys = new Map<string, KeyEntry[]>();
  private readonly fuzzyKeys = new Map<string, { key: string; chars: string[] }>();
  private readonly vocab = new Set<string>();
  /** Product-type words and category of each product, to spot a brand mention about another product. */
  private readonly productTypes = new Map<number, Set<string>>();
  private readonly productBrands = new Map<number, Set<string>>();
  private maxKeyLen = 0;

  constructor(products: CatalogProduct[]) {
    this.products = products.filter((p) => p && typeof p.name === 'string' && p.name.trim() !== '');
    const raw: { key: string; entry: KeyEntry }[] = [];
    this.products.forEach((product, index) => {
      for (const [key, kind, weight] of this.productKeys(product, index)) raw.push({ key, entry: { product: index, kind, weight } });
    });
    for (const { key, entry } of raw) {
      if (entry.kind === 'type' || entry.kind === 'category' || entry.kind === 'sub' || entry.kind === 'name') {
        const set = this.productTypes.get(entry.product) ?? new Set<string>();
        this.productTypes.set(entry.product, set.add(key));
      }
    }
    // Keys held by several products are discounted; the same key listed twice for one product is not.
    const owners = new Map<string, Set<number>>();
    for (const { key, entry } of raw) owners.set(key, (owners.get(key) ?? new Set()).add(entry.product));
    for (const { key, entry } of raw) {
      const shared = (owners.get(key)?.size ?? 1) > 1;
      const weight = shared ? sharedWeight(entry.kind, entry.weight) : entry.weight;
      const list = this.keys.get(key) ?? [];
      const existing = list.find((e) => e.product === entry.product);
      if (existing) {
        if (weight > existing.weight) Object.assign(existing, { kind: entry.kind, weight });
      } else list.push({ ...entry, weight });
      this.keys.set(key, list);
      this.maxKeyLen = Math.max(this.maxKeyLen, key.length);
    }
    for (const key of this.keys.keys()) {
      const chars = Array.from(key);
      if (chars.length >= 2 && chars.every(isHanzi)) {
        const fuzzy = tonelessPinyin(key).map(fuzzySyllable).join(' ');
        if (!this.fuzzyKeys.has(fuzzy)) this.fuzzyKeys.set(fuzzy, { key, chars });
      }
    }
  }

  /** Product names, brands, aliases and derived Chinese keys: jieba user words and typo vocabulary. */
  vocabulary(): string[] {
    return [...this.vocab];
  }

  /** The one product the text means, or null; `ranked` is candidates(text) when the caller has it already. */
  resolve(text: string, ranked?: ProductMatch[]): ProductMatch | null {
    const all = ranked ?? this.rank(text);
    if (all.length === 0) return null;
    if (all.length > 1 && all[0].score - all[1].score < MIN_MARGIN) return null;
    return all[0];
  }

  /** Every product the text may mean, best first, ties kept ("羽绒服" may be any of the shop's down jackets). */
  candidates(text: string): ProductMatch[] {
    return this.rank(text);
  }

  /** Every product mentioned, best first; a product whose evidence lies inside a better one's is dropped. */
  resolveAll(text: string): ProductMatch[] {
    const ranked = this.rankWithSpans(text);
    const taken: { start: number; end: number }[] = [];
    const out: ProductMatch[] = [];
    for (const r of ranked) {
      if (taken.some((t) => r.start >= t.start && r.end <= t.end)) continue;
      taken.push({ start: r.start, end: r.end });
      out.push(r.match);
    }
    return out;
  }

  private rank(text: string): ProductMatch[] {
    return this.rankWithSpans(text).map((r) => r.match);
  }

  private rankWithSpans(text: string): { match: ProductMatch; start: number; end: number }[] {
    if (typeof text !== 'string' || text.length === 0 || this.products.length === 0) return [];
    const { compact, breakBefore } = compactWithBreaks(text.slice(0, 4000));
    const hits = [...this.exactHits(compact, breakBefore), ...this.fuzzyHits(compact)];
    const typesInText = PRODUCT_TYPE_WORDS.filter((t) => compact.includes(t));
    const brandsInText = KNOWN_BRANDS.filter((b) => compact.includes(b));
    const byProduct = new Map<number, Hit[]>();
    for (const hit of hits) byProduct.set(hit.product, [...(byProduct.get(hit.product) ?? []), hit]);
    const ranked: { match: ProductMatch; start: number; end: number }[] = [];
    for (const [index, list] of byProduct) {
      list.sort((a, b) => b.weight - a.weight || b.end - b.start - (a.end - a.start));
      const counted: Hit[] = [list[0]];
      for (const hit of list.slice(1)) {
        if (counted.length >= 3) break;
        const independent = counted.every((c) => hit.end <= c.start || hit.start >= c.end) && !counted.some((c) => c.kind === hit.kind);
        if (independent) counted.push(hit);
      }
      // 小米电视 is not the catalog's only 小米 product, a phone: a brand- or series-only match is void when
      // the text names a product type that this product is not.
      if (WEAK_ALONE.has(counted[0].kind) && counted.every((h) => WEAK_ALONE.has(h.kind)) && this.contradicted(index, typesInText)) continue;
      // 美的空调 is not the catalog's 格力 air conditioner: another known brand named without this product's own.
      if (WEAK_BRANDLESS.has(counted[0].kind) && !list.some((h) => h.kind === 'brand') && brandsInText.some((b) => !(this.productBrands.get(index) ?? new Set()).has(b))) continue;
      const score = Math.min(1, counted[0].weight + counted.slice(1).reduce((s, h) => s + Math.min(0.15, h.weight / 2), 0));
      if (score < MIN_SCORE) continue;
      const start = Math.min(...counted.map((h) => h.start));
      const end = Math.max(...counted.map((h) => h.end));
      const match = { product: this.products[index], matched: compact.slice(start, end), score: round(score), evidence: counted[0].kind };
      ranked.push({ match, start, end });
    }
    return ranked.sort((a, b) => b.match.score - a.match.score);
  }

  private contradicted(index: number, typesInText: string[]): boolean {
    const own = this.productTypes.get(index) ?? new Set<string>();
    return typesInText.some((t) => !own.has(t) && ![...own].some((o) => o.includes(t) || t.includes(o)));
  }

  private exactHits(compact: string, breakBefore: boolean[]): Hit[] {
    const hits: Hit[] = [];
    const n = compact.length;
    const edgeOk = (i: number, end: number): boolean => {
      const first = compact[i];
      const last = compact[end - 1];
      if (LATIN_OR_DIGIT.test(first) && i > 0 && !breakBefore[i] && LATIN_OR_DIGIT.test(compact[i - 1])) return false;
      if (LATIN_OR_DIGIT.test(last) && end < n && !breakBefore[end] && LATIN_OR_DIGIT.test(compact[end])) return false;
      return true;
    };
    for (let i = 0; i < n; i++) {
      for (let len = Math.min(this.maxKeyLen, n - i); len >= 2; len--) {
        const key = compact.slice(i, i + len);
        const entries = this.keys.get(key);
        if (!entries || !edgeOk(i, i + len)) continue;
        // 很美的 / 挺美的 is an adjective, not the brand 美的.
        if (key.endsWith('的') && i > 0 && DEGREE_ADVERBS.has(compact[i - 1])) continue;
        for (const e of entries) hits.push({ product: e.product, kind: e.kind, weight: e.weight, start: i, end: i + len });
      }
    }
    return hits;
  }

  /** Hanzi windows that sound like a Chinese key (吹风鸡 ~ 吹风机, 戴深 ~ 戴森) and share a character with it. */
  private fuzzyHits(compact: string): Hit[] {
    const hits: Hit[] = [];
    for (const run of compact.matchAll(/[\u3400-\u9fff\uf900-\ufaff]{2,}/g)) {
      const chars = Array.from(run[0]);
      const base = run.index ?? 0;
      const fuzzy = tonelessPinyin(run[0]).map(fuzzySyllable);
      // jieba is only consulted once a window sounds like a key, which few do.
      let spans: [number, number][] | null = null;
      for (let i = 0; i < chars.length; i++) {
        for (let len = 2; len <= Math.min(8, chars.length - i); len++) {
          const found = this.fuzzyKeys.get(fuzzy.slice(i, i + len).join(' '));
          if (!found) continue;
          const window = chars.slice(i, i + len);
          if (window.join('') === found.key || !window.some((c, k) => c === found.chars[k])) continue;
          // A window cutting through a real word (电话|为, 上|星期五) is no typo of a name.
          spans ??= wordSpans(run[0]);
          const cut = spans;
          if (window.some((_, k) => cut[i + k][0] < i || cut[i + k][1] > i + len)) continue;
          for (const e of this.keys.get(found.key) ?? []) {
            hits.push({ product: e.product, kind: e.kind, weight: e.weight * FUZZY_FACTOR, start: base + i, end: base + i + len });
          }
        }
      }
    }
    return hits;
  }

  private productKeys(product: CatalogProduct, index: number): [string, KeyKind, number][] {
    const out: [string, KeyKind, number][] = [];
    const add = (raw: string, kind: KeyKind, weight: number): void => {
      const key = compactForm(raw);
      if (Array.from(key).length < 2 || /^\d+$/.test(key)) return;
      out.push([key, kind, weight]);
      if (Array.from(key).some(isHanzi)) {
        // Two-character name fragments (肌活) would make the typo corrector rewrite real words (激活).
        if (kind !== 'spec' && !(kind === 'sub' && Array.from(key).length < 3)) this.vocab.add(raw.replace(/\s+/g, ''));
        const py = pinyinKey(key);
        if (py) out.push([py, kind, weight * PINYIN_FACTOR]);
      }
    };
    this.vocab.add(product.name);
    add(product.name, 'name', 1);
    for (const alias of product.aliases ?? []) {
      if (typeof alias === 'string') {
        add(alias, 'alias', 1);
        this.vocab.add(alias);
      }
    }

    // A type word written with a latin letter (T恤, U盘) is no Chinese run: the one a name or alias ends in is type evidence.
    for (const text of [product.name, ...(product.aliases ?? [])]) {
      const mixed = typeof text === 'string' ? /(?:^|[^a-z])([a-z][\u4e00-\u9fff])$/.exec(compactForm(text))?.[1] : undefined;
      if (mixed) add(mixed, 'type', 0.6);
    }

    const brandForms = brandSpellings(product.brand ?? '', product.name);
    this.productBrands.set(index, brandForms);
    // A brand that is also an everyday word (苹果, 石头, 联想) only supports other evidence.
    for (const b of brandForms) add(b, 'brand', isCommonWord(b) ? 0.45 : 0.75);
    if (product.category) add(product.category, 'category', 0.4);

    // Split the name into latin/digit words and Chinese runs, with the brand taken out.
    const pieces = product.name.normalize('NFKC').split(/\s+/).filter(Boolean);
    const latin: string[] = [];
    const cjkRuns: string[] = [];
    const nicknames = new Map<string, string[]>(Object.entries(LATIN_WORD_NICKNAMES));
    for (const rawPiece of pieces) {
      if (brandForms.has(compactForm(rawPiece))) continue;
      // Quantities (500ml, 20000mAh, 1.5匹) describe a variant; they support a match but never make one.
      const piece = rawPiece.replace(SPEC_TOKEN, (spec) => {
        add(spec, 'spec', 0.3);
        return ' ';
      });
      for (const part of piece.match(/[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff\s]+/g) ?? []) {
        if (isHanzi(part[0])) cjkRuns.push(stripBrand(part, brandForms));
        else {
          for (const word of part.split(/[-_/]+/).filter((w) => /[a-zA-Z0-9]/.test(w))) {
            latin.push(word.toLowerCase());
            // CamelCase names are abbreviated by their humps: QuietComfort → qc, iPhone → ip.
            const humps = word.match(/^[a-z]+|[A-Z][a-z]+/g);
            if (humps && humps.length >= 2 && humps.join('') === word) nicknames.set(word.toLowerCase(), [humps.map((h) => h[0]).join('').toLowerCase()]);
          }
        }
      }
    }
    const withoutBrand = [...latin, ...cjkRuns].join('');
    // Brand and quantities aside, some names are just a type word (品胜 20000mAh 充电宝): that is type evidence.
    if (Array.from(withoutBrand).length >= 3 && !TYPES.has(withoutBrand)) add(withoutBrand, 'name', 0.95);

    const models = this.modelKeys(latin);
    for (const [word, forms] of nicknames) {
      const at = latin.indexOf(word);
      if (at < 0) continue;
      for (const form of new Set(forms)) {
        for (const [key, kind, weight] of this.modelKeys([form, ...latin.slice(at + 1)])) {
          // Only the nickname joined to what follows (ip15pm, qcultra): a bare "qc" is too short to trust.
          if (key.startsWith(form) && key !== form) models.push([key, kind, weight]);
        }
      }
    }
    for (const [key, kind, weight] of models) {
      add(key, kind, weight);
      // Brand + model (追觅x30, nb530) is as good as the full name; it also rescues bare-number models.
      if (kind === 'model' || /^\d{3,}$/.test(key)) for (const b of brandForms) add(b + key, 'name', 0.95);
    }
    for (const word of latin) if (/^\d{3,}$/.test(word)) for (const b of brandForms) add(b + word, 'name', 0.95);

    for (const run of cjkRuns) for (const [key, kind, weight] of chineseKeys(run)) add(key, kind, weight);
    return out;
  }

  /** Model numbers and their spellings: x100pro, x100p, 15pm, s24u, aj1 (initials + digits), wh1000xm5 → xm5. */
  private modelKeys(words: string[]): [string, KeyKind, number][] {
    const out: [string, KeyKind, number][] = [];
    const hasDigit = (w: string): boolean => /\d/.test(w);
    for (let i = 0; i < words.length; i++) {
      for (let j = i; j < Math.min(words.length, i + 5); j++) {
        const seq = words.slice(i, j + 1);
        const digit = seq.some(hasDigit);
        if (seq.length === 1) {
          const w = seq[0];
          if (digit && /[a-z]/.test(w) && w.length >= 3) out.push([w, 'model', 0.85]);
          else if (!digit && w.length >= 4 && !GENERIC_LATIN.has(w)) out.push([w, 'series', COMMON_ENGLISH.has(w) ? 0.45 : 0.7]);
          if (digit) for (const tail of alnumTails(w)) out.push([tail, 'model', 0.8]);
          continue;
        }
        if (seq.every((w) => GENERIC_LATIN.has(w) || /^\d+$/.test(w)) && !seq.some((w) => /^\d+$/.test(w))) continue;
        const weight = digit ? 0.85 : 0.8;
        out.push([seq.join(''), digit ? 'model' : 'series', weight]);
        const firstDigit = seq.findIndex(hasDigit);
        if (firstDigit >= 0) {
          const abbreviated = seq.map((w, k) => (k > firstDigit ? (MODEL_SUFFIX_ABBREV[w] ?? w) : w)).join('');
          out.push([abbreviated, 'model', weight]);
          const lead = seq.slice(0, firstDigit);
          if (lead.length >= 2 && lead.every((w) => /^[a-z]+$/.test(w))) {
            const initials = lead.map((w) => w[0]).join('');
            out.push([initials + seq.slice(firstDigit).join(''), 'model', weight]);
            out.push([initials + seq[firstDigit], 'model', weight - 0.05]);
          }
        }
      }
    }
    return out;
  }
}

const COMMON_WORD_FREQ = 1000;
let wordFrequency: Map<string, number> | null = null;
function isCommonWord(word: string): boolean {
  if (!Array.from(word).every(isHanzi)) return false;
  if (!wordFrequency) {
    wordFrequency = new Map();
    for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
      const [w, f] = line.split(' ');
      if (w && w.length <= 4) wordFrequency.set(w, Number(f) || 0);
    }
  }
  return (wordFrequency.get(word) ?? 0) >= COMMON_WORD_FREQ;
}

function sharedWeight(kind: KeyKind, weight: number): number {
  // A brand with several products, or a type word several products share, is only supporting evidence.
  if (kind === 'brand' || kind === 'type' || kind === 'category' || kind === 'series') return Math.min(weight, 0.3);
  return weight * 0.7;
}

/** Every spelling of the product's brand: as given, Chinese part, known bilingual aliases. */
function brandSpellings(brand: string, name: string): Set<string> {
  const forms = new Set<string>();
  const compactBrand = compactForm(brand);
  if (compactBrand) forms.add(compactBrand);
  for (const part of brand.match(/[\u3400-\u9fff]+|[a-zA-Z][a-zA-Z0-9&']+/g) ?? []) forms.add(compactForm(part));
  const nameCompact = compactForm(name);
  for (const group of BRAND_ALIAS_GROUPS) {
    // A group applies if it names the brand, or (for catalogs that leave brand empty) starts the name.
    if (group.some((g) => forms.has(g) || (!compactBrand && nameCompact.startsWith(g) && g.length >= 2))) {
      for (const g of group) forms.add(g);
    }
  }
  for (const f of [...forms]) if (f.length < 2) forms.delete(f);
  return forms;
}

function stripBrand(run: string, brands: Set<string>): string {
  for (const b of [...brands].sort((a, b2) => b2.length - a.length)) {
    if (run.startsWith(b) && run.length > b.length) return run.slice(b.length);
  }
  return brands.has(run) ? '' : run;
}

/** Distinctive Chinese fragments of a name: the run, jieba n-grams, leading prefixes (扫地机器人 → 扫地机). */
function chineseKeys(run: string): [string, KeyKind, number][] {
  const out: [string, KeyKind, number][] = [];
  const chars = Array.from(run);
  if (chars.length < 2) return out;
  const classify = (w: string, whole: boolean): void => {
    const len = Array.from(w).length;
    if (len < 2 || GENERIC_CJK.has(w) || PHRASES.has(w) || SERVICE.has(w)) return;
    if (TYPES.has(w)) out.push([w, 'type', 0.6]);
    else out.push([w, 'sub', whole || len >= 3 ? 0.7 : 0.45]);
  };
  classify(run, true);
  const words = segmentWords(run);
  for (let i = 0; i < words.length; i++) {
    let acc = '';
    for (let j = i; j < words.length; j++) {
      acc += words[j];
      if (acc !== run) classify(acc, false);
    }
  }
  for (let len = 3; len < chars.length; len++) {
    const prefix = chars.slice(0, len).join('');
    if (TYPES.has(prefix)) classify(prefix, false);
  }
  return out;
}

/** wh1000xm5 → xm5, 1000xm5: shoppers drop a model's leading series letters. */
function alnumTails(word: string): string[] {
  const groups = word.match(/[a-z]+|\d+/g) ?? [];
  const tails: string[] = [];
  for (let k = 1; k < groups.length; k++) {
    const tail = groups.slice(k).join('');
    if (tail.length >= 3 && /[a-z]/.test(tail) && /\d/.test(tail) && /^[a-z]/.test(groups[k])) tails.push(tail);
  }
  return tails;
}

/** Toneless pinyin of an all-hanzi key, when it is long enough not to collide with ordinary typing. */
function pinyinKey(key: string): string | null {
  const chars = Array.from(key);
  if (chars.length < 2 || !chars.every(isHanzi)) return null;
  const syllables = tonelessPinyin(key);
  if (!syllables.every((s) => PINYIN_SYLLABLES.has(s))) return null;
  const joined = syllables.join('');
  return joined.length >= 5 ? joined : null;
}

function compactWithBreaks(text: string): { compact: string; breakBefore: boolean[] } {
  const chars = Array.from(text.normalize('NFKC').toLowerCase());
  let compact = '';
  const breakBefore: boolean[] = [];
  let pendingBreak = false;
  for (const c of chars) {
    if (SEPARATORS.test(c)) {
      pendingBreak = true;
      continue;
    }
    breakBefore[compact.length] = pendingBreak;
    pendingBreak = false;
    compact += c;
  }
  breakBefore[compact.length] = true;
  return { compact, breakBefore };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
