import { PRODUCT_TYPE_WORDS } from '../text/ecommerce-lexicon';
import type { CatalogProduct } from './catalog-resolver';

/**
 * What shoppers call a kind of product ("手机", "鞋子", "家电", "衣服") → the tenant's own category
 * ids. Built from the catalog: a category named in Chinese is its own word; the product-type words
 * its products' names and aliases contain (longest type first, so 手机壳 is not 手机) are its words;
 * and a few umbrella words gloss the usual English category ids. A tea shop's 茶叶 category works
 * from its name alone.
 */
const UMBRELLA_WORDS: Record<string, RegExp> = {
  phones: /手机/,
  phone: /手机/,
  shoes: /鞋/,
  footwear: /鞋/,
  apparel: /衣服|服装|衣物|上衣|外套|裤/,
  clothing: /衣服|服装|衣物|上衣|外套|裤/,
  accessories: /配件|周边/,
  appliances: /家电|(?<!充)电器/,
  electronics: /数码|电子产品/,
  tea: /茶/,
  beauty: /化妆品|护肤品|美妆/,
  food: /零食|吃的|食品/,
};
const TYPES_LONGEST_FIRST = [...PRODUCT_TYPE_WORDS].sort((a, b) => b.length - a.length);

export class CatalogCategories {
  private readonly words = new Map<string, Set<string>>();
  private readonly umbrellas: [category: string, words: RegExp][] = [];

  constructor(products: CatalogProduct[]) {
    const counts = new Map<string, Map<string, number>>();
    for (const product of products) {
      if (!product.category) continue;
      const umbrella = UMBRELLA_WORDS[product.category.toLowerCase()];
      if (umbrella && !this.umbrellas.some(([c]) => c === product.category)) this.umbrellas.push([product.category, umbrella]);
      if (/[\u4e00-\u9fff]/.test(product.category)) this.add(counts, product.category, product.category);
      for (const text of [product.name, ...(product.aliases ?? [])]) {
        for (const word of new Set([...typeWordsIn(text), ...headNouns(text)])) this.add(counts, word, product.category);
      }
    }
    // A type word belongs to the category most of its products are in (耳机 to accessories, not phones).
    for (const [word, byCategory] of counts) {
      const best = Math.max(...byCategory.values());
      this.words.set(word, new Set([...byCategory].filter(([, n]) => n === best).map(([c]) => c)));
    }
  }

  /** Category ids the turn names, most specific word first; empty when it names none. */
  categoriesIn(text: string): string[] {
    const found = new Set<string>();
    for (const type of typeWordsIn(text)) for (const category of this.words.get(type) ?? []) found.add(category);
    for (const [word, categories] of this.words) if (word.length >= 2 && text.includes(word)) for (const c of categories) found.add(c);
    if (found.size === 0) for (const [category, words] of this.umbrellas) if (words.test(text)) found.add(category);
    return [...found];
  }

  private add(counts: Map<string, Map<string, number>>, word: string, category: string): void {
    const byCategory = counts.get(word) ?? new Map<string, number>();
    byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
    counts.set(word, byCategory);
  }
}

/**
 * The head noun of a Chinese name or alias: its last three characters (数据线, 安克充电器 → 充电器,
 * 苹果快充头 → 快充头); Chinese names put the kind of thing last. Two-character runs are mostly
 * brands (苹果, 华为) and are left to the product-type words.
 */
function headNouns(text: string): string[] {
  return (text.match(/[\u4e00-\u9fff]{3,}/g) ?? []).map((run) => run.slice(-3));
}

/** Product-type words in a text, longest match first and without overlaps (手机壳 hides 手机). */
function typeWordsIn(text: string): string[] {
  const found: string[] = [];
  let rest = text;
  for (const type of TYPES_LONGEST_FIRST) {
    if (!rest.includes(type)) continue;
    found.push(type);
    rest = rest.split(type).join('|');
  }
  return found;
}
