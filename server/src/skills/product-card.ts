import type { Card } from '@kefu/shared';
import type { CatalogProductView, StockLevel } from '../commerce/connectors/connector-types';
import { yuan } from './order-cards';

export function totalStock(levels: StockLevel[]): number {
  return levels.reduce((sum, level) => sum + Math.max(0, level.quantity), 0);
}

/** A product with its price, stock and the link that takes the shopper to checkout or the mini-program page. */
export function productCard(product: CatalogProductView, levels: StockLevel[], linkTemplate: string): Card {
  const stock = totalStock(levels);
  return {
    type: 'product',
    title: product.name,
    body: product.description ?? undefined,
    state: stock > 0 ? 'in_stock' : 'out_of_stock',
    fields: [
      { label: '价格', value: yuan(product.priceCents) },
      { label: '库存', value: stock > 0 ? `有货（${stock} 件）` : '暂时缺货' },
    ],
    link: { label: stock > 0 ? '去下单' : '到货提醒', url: linkTemplate.replace('{sku}', encodeURIComponent(product.sku)) },
  };
}
