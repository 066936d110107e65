import { Op } from 'sequelize';
import { z } from 'zod';
import type { Logger } from '../logger';
import { ShoppingCart } from './cart-models';
import { cartItemSchema, customerForRef, recordCart } from './cart-service';
import type { OrdersConnector } from './connectors/connector-types';

/** Re-read this much before the newest cart we hold: the two clocks differ and a listing may lag. */
const OVERLAP_MS = 15 * 60_000;
const remoteCartSchema = z.object({ cartRef: z.string().min(1).max(64), customerRef: z.string().min(1).max(64), items: z.array(cartItemSchema).max(100) });

/**
 * Pulls the carts changed since the newest one we hold from an order system that keeps carts (the
 * generic HTTP provider with a carts endpoint). Pushed carts need none of this; web-channel carts
 * (`web:` refs) are ours and do not move the starting point. A cart that does not validate is
 * skipped with a warning, so one bad row does not hold back the others. Returns how many changed.
 */
export async function syncStoreCarts(tenantId: number, orders: OrdersConnector, notBefore: Date, logger: Logger): Promise<number> {
  if (!orders.listCartsChangedSince) return 0;
  const newest = await ShoppingCart.max<Date | string | null, ShoppingCart>('changedAt', { where: { tenantId, cartRef: { [Op.notLike]: 'web:%' } } });
  // SQLite answers MAX() of a date column as text: parsed here, and an unreadable one starts from the horizon.
  const newestMs = newest ? new Date(newest).getTime() : Number.NaN;
  const since = Number.isNaN(newestMs) ? notBefore : new Date(Math.max(notBefore.getTime(), newestMs - OVERLAP_MS));
  let changed = 0;
  for (const cart of await orders.listCartsChangedSince(since)) {
    const valid = remoteCartSchema.safeParse(cart);
    if (!valid.success) {
      logger.warn({ tenantId, cartRef: cart.cartRef, problems: valid.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'store cart skipped: invalid');
      continue;
    }
    const customer = await customerForRef(tenantId, cart.customerRef);
    const { outcome } = await recordCart(tenantId, { cartRef: cart.cartRef, customerId: customer.id, items: valid.data.items, state: cart.state, changedAt: cart.changedAt });
    if (outcome === 'created' || outcome === 'updated') changed += 1;
  }
  return changed;
}
