import type { OrderItemRef } from './connector-types';

/** Whether `item` is the order line `ref` names: same product, same variant (an empty variant is none). */
export function isOrderLine(item: { sku: string; size?: string; color?: string }, ref: OrderItemRef): boolean {
  return item.sku === ref.sku && (item.size || undefined) === ref.size && (item.color || undefined) === ref.color;
}
