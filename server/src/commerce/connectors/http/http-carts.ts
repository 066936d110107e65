import { ConnectorResponseError } from '../resilient-call';
import type { CommerceCart, CommerceOrderItem } from '../connector-types';
import { readDottedPath } from './dotted-path';
import type { HttpOrdersConfig } from './http-orders-config';

type CartFields = NonNullable<HttpOrdersConfig['cartFields']>;

/**
 * One cart of the merchant's system in our terms. Lines are mapped like order lines (`itemFields`);
 * a cart without a reference, customer or a readable change time is rejected rather than guessed.
 */
export function mapRemoteCart(raw: unknown, config: HttpOrdersConfig, fields: CartFields, mapItem: (raw: unknown) => CommerceOrderItem, system: string): CommerceCart {
  const get = (path: string) => readDottedPath(raw, path);
  const cartRef = get(fields.cartRef);
  const customerRef = get(fields.customerRef);
  if (cartRef === undefined || cartRef === null || cartRef === '') throw new ConnectorResponseError(system, 'cart has no reference');
  if (customerRef === undefined || customerRef === null || customerRef === '') throw new ConnectorResponseError(system, `cart ${String(cartRef)} has no customer`);
  const changedAt = new Date(String(get(fields.changedAt)));
  if (Number.isNaN(changedAt.getTime())) throw new ConnectorResponseError(system, `cart ${String(cartRef)} has no readable change time`);
  let state: CommerceCart['state'] = 'active';
  if (fields.state) {
    const theirs = String(get(fields.state));
    const ours = config.cartStateMap[theirs];
    if (!ours) throw new ConnectorResponseError(system, `unmapped cart state "${theirs}"`);
    state = ours;
  }
  const lines = get(fields.items);
  const items = (Array.isArray(lines) ? lines : []).map((line) => {
    const item = mapItem(line);
    return { sku: item.sku, name: item.name, quantity: item.quantity, unitPriceCents: item.unitPriceCents };
  });
  return { cartRef: String(cartRef), customerRef: String(customerRef), items, state, changedAt };
}
