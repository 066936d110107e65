import type { CommerceOrderItem, OrderItemRef } from '../commerce/connectors/connector-types';
import { listCatalog } from '../commerce/catalog-service';
import { CatalogResolver, type CatalogProduct } from '../nlu/catalog/catalog-resolver';
import { parseChineseNumber } from '../nlu/slots/chinese-number';

export type ItemRef = OrderItemRef;

export type ItemPick = { picked: CommerceOrderItem } | { candidates: CommerceOrderItem[] };

export function itemRef(item: CommerceOrderItem): ItemRef {
  return { sku: item.sku, ...(item.size ? { size: item.size } : {}), ...(item.color ? { color: item.color } : {}) };
}

/** 「潮品优选 重磅纯棉圆领短袖T恤（白色 M）」: the name a shopper sees, with the variant they bought. */
export function itemLabel(item: CommerceOrderItem): string {
  const variant = [item.color, item.size].filter(Boolean).join(' ');
  return `${item.name || item.sku}${variant ? `（${variant}）` : ''}`;
}

const ORDINAL = /第\s*([一二两三四五六七八九十\d]{1,3})\s*(?:件|个|款|样|项|行)/;

/**
 * Which line of the order the shopper means: the only one; the one whose SKU they typed; the one
 * the catalog matcher finds in their words when it looks only at this order's products (so 「T恤」 is
 * enough when the order holds one T-shirt); else the product the NLU resolved. Anything else is a
 * question back to the shopper, never a guess: the order system would change the wrong item.
 */
export async function pickOrderItem(tenantId: number, items: CommerceOrderItem[], text: string, productSlot: unknown): Promise<ItemPick> {
  if (items.length === 1) return { picked: items[0] };
  const bySku = items.filter((item) => item.sku && text.toUpperCase().includes(item.sku.toUpperCase()));
  if (bySku.length > 0) return settle(items, bySku);

  const catalog = new Map((await listCatalog(tenantId)).map((entry) => [entry.sku, entry]));
  const products = new Map<string, CatalogProduct>();
  for (const item of items) products.set(item.sku, catalog.get(item.sku) ?? { sku: item.sku, name: item.name });
  const match = new CatalogResolver([...products.values()]).resolve(text);
  if (match) return settle(items, items.filter((item) => item.sku === match.product.sku));

  if (typeof productSlot === 'string' && productSlot.length > 0) {
    const named = items.filter((item) => item.name === productSlot || catalog.get(item.sku)?.name === productSlot);
    if (named.length > 0) return settle(items, named);
  }
  return { candidates: items };
}

/** The shopper's answer to "which item?": 「第2件」 (what the choice buttons send), a SKU or a product name. */
export async function pickFromAnswer(tenantId: number, items: CommerceOrderItem[], text: string): Promise<CommerceOrderItem | null> {
  const ordinal = ORDINAL.exec(text);
  if (ordinal) {
    const index = parseChineseNumber(ordinal[1]);
    return index !== null && index >= 1 && index <= items.length ? items[index - 1] : null;
  }
  const pick = await pickOrderItem(tenantId, items, text, undefined);
  return 'picked' in pick ? pick.picked : null;
}

/** Several lines of the same product (two sizes of one shoe) still need the shopper to choose. */
function settle(all: CommerceOrderItem[], matching: CommerceOrderItem[]): ItemPick {
  return matching.length === 1 ? { picked: matching[0] } : { candidates: matching.length > 0 ? matching : all };
}
