import type { CartItem } from './cart-models';
import type { CommerceConnectors } from './connectors/connector-types';
import { Order } from './models';

/** What the checkout check needs of an order, whichever system it comes from. */
export interface PlacedOrder {
  orderNo: string;
  status: string;
  placedAt: Date;
  items: { sku: string }[];
}

/**
 * The order that took the cart: orders placed since the cart last changed (a cancelled one does not
 * count) that together hold every SKU of the cart. Null while something in the cart was not ordered.
 */
export function orderThatCheckedOut(cart: { items: readonly CartItem[]; changedAt: Date }, orders: readonly PlacedOrder[]): string | null {
  const since = orders
    .filter((order) => order.status !== 'cancelled' && order.placedAt.getTime() >= cart.changedAt.getTime())
    .sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime());
  const ordered = new Set(since.flatMap((order) => order.items.map((item) => item.sku)));
  if (since.length === 0 || !cart.items.every((item) => ordered.has(item.sku))) return null;
  return since[0].orderNo;
}

/**
 * The customer's orders from the tenant's order system (the built-in store or the merchant's own,
 * through the orders connector), by the merchant's customer reference. A customer the store does
 * not know by reference can only have orders in our own tables.
 */
export async function ordersOfCustomer(tenantId: number, customer: { id: number; externalRef: string | null }, connectors: Pick<CommerceConnectors, 'orders'>): Promise<PlacedOrder[]> {
  if (customer.externalRef) return connectors.orders.listOrdersByCustomer(customer.externalRef);
  return Order.findAll({ where: { tenantId, customerId: customer.id }, attributes: ['orderNo', 'status', 'placedAt', 'items'], order: [['placedAt', 'DESC']], limit: 100 });
}
