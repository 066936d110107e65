import { CATEGORY_KEYWORDS } from './category-table';
import type { DraftEntry } from './draft-entry';
import { extractKeywords } from './extract-keywords';

export interface CatalogProduct {
  id: number;
  /** Canonical name and aliases, e.g. 'Nike Air Jordan 1 高帮篮球鞋', 'AJ1', '乔1'. */
  names: string[];
}

export interface Classification {
  category: string | null;
  tags: string[];
  keywords: string[];
  productIds: number[];
}

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n += 1;
  return n;
}

function guessCategory(title: string, body: string): string | null {
  let best: { category: string; score: number } | null = null;
  for (const { category, words } of CATEGORY_KEYWORDS) {
    // Title hits weigh triple: "发票怎么开" is about invoices even if the answer mentions shipping.
    const score = words.reduce((sum, w) => sum + 3 * count(title, w) + count(body, w), 0);
    if (score > 0 && (!best || score > best.score)) best = { category, score };
  }
  return best?.category ?? null;
}

/** Short aliases ("AJ") match inside unrelated words too often; they must stand alone as ASCII tokens. */
function mentions(text: string, name: string): boolean {
  const needle = name.normalize('NFKC').toLowerCase().trim();
  if (needle.length < 2) return false;
  if (/^[a-z0-9 ]+$/.test(needle) && needle.length <= 4) return new RegExp(`(^|[^a-z0-9])${needle.replace(/ /g, '\\s*')}([^a-z0-9]|$)`).test(text);
  return text.includes(needle);
}

/**
 * Category, keywords and mentioned products for an imported entry. Values the file itself supplied
 * (a 分类 or 关键词 column) are kept; everything stays editable in the console afterwards.
 */
export function classifyEntry(draft: DraftEntry, catalog: CatalogProduct[]): Classification {
  const text = `${draft.title}\n${(draft.similarQuestions ?? []).join('\n')}\n${draft.answer}`;
  const category = draft.category ?? guessCategory(`${draft.title} ${(draft.similarQuestions ?? []).join(' ')}`, draft.answer);
  const keywords = draft.keywords && draft.keywords.length > 0 ? draft.keywords : extractKeywords(draft.title, draft.answer);
  const lower = text.normalize('NFKC').toLowerCase();
  const productIds = catalog.filter((p) => p.names.some((name) => mentions(lower, name))).map((p) => p.id);
  const tags = [...new Set([...(category ? [category] : []), ...(draft.tags ?? [])])];
  return { category, tags, keywords, productIds };
}
