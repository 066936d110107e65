import { ConflictError } from '@kefu/shared';
import { z } from 'zod';
import { Customer } from '../customers/models';
import { retryOnConflict } from '../db/retry-on-conflict';
import { ShoppingCart, type CartItem, type CartState } from './cart-models';
import { findOrCreateRow } from './find-or-create-row';

/** One cart line as a store reports it, pushed or pulled. */
export const cartItemSchema = z.strictObject({
  sku: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  quantity: z.number().int().min(1).max(999),
  unitPriceCents: z.number().int().min(0).max(100_000_000),
});

export interface CartReport {
  cartRef: string;
  customerId: number;
  items: CartItem[];
  state: CartState;
  /** The store's time of the change; a report older than what we hold is a late retry and ignored. */
  changedAt: Date;
}

export type CartOutcome = 'created' | 'updated' | 'unchanged' | 'stale';

export function cartTotalCents(items: readonly CartItem[]): number {
  return items.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0);
}

const sameItems = (a: readonly CartItem[], b: readonly CartItem[]) => JSON.stringify(a) === JSON.stringify(b);
/** A store that does not empty the cart after checkout keeps reporting it active; the bought items are not a new cart. */
const isEchoOfCheckout = (held: CartState, reported: CartState) => held === 'checked_out' && reported === 'active';

/**
 * Stores what the store says the cart holds now. An empty active cart counts as cleared; a cart
 * that fills again after checkout or clearing starts a new round (its reminders start afresh); the
 * same report again changes nothing, so a retried push cannot restart the reminder clock.
 */
export async function recordCart(tenantId: number, report: CartReport): Promise<{ cart: ShoppingCart; outcome: CartOutcome }> {
  const state: CartState = report.state === 'active' && report.items.length === 0 ? 'cleared' : report.state;
  const values = { items: report.items, totalCents: cartTotalCents(report.items), state, changedAt: report.changedAt };
  return retryOnConflict(async () => {
    const existing = await ShoppingCart.findOne({ where: { tenantId, cartRef: report.cartRef } });
    if (!existing) {
      return { cart: await ShoppingCart.create({ tenantId, cartRef: report.cartRef, customerId: report.customerId, checkedOutOrderNo: null, ...values }), outcome: 'created' as const };
    }
    if (existing.customerId !== report.customerId) throw new ConflictError(`cart "${report.cartRef}" belongs to another customer`);
    if (existing.changedAt.getTime() > report.changedAt.getTime()) return { cart: existing, outcome: 'stale' as const };
    if (sameItems(existing.items, report.items) && (existing.state === state || isEchoOfCheckout(existing.state, state))) return { cart: existing, outcome: 'unchanged' as const };
    const refilled = existing.state !== 'active' && state === 'active';
    await existing.update({ ...values, ...(refilled ? { round: existing.round + 1, checkedOutOrderNo: null } : {}) });
    return { cart: existing, outcome: 'updated' as const };
  });
}

/** The customer a store's reference names; created on first sight, as a signed-in shopper would be, and followed through merges. */
export async function customerForRef(tenantId: number, externalRef: string): Promise<Customer> {
  let customer = await findOrCreateRow(Customer, { tenantId, externalRef }, { tenantId, externalRef, displayName: null, phoneEncrypted: null, phoneHash: null, addressEncrypted: null, memberLevel: null });
  for (let hops = 0; customer.mergedIntoId && hops < 20; hops += 1) {
    const target = await Customer.findOne({ where: { tenantId, id: customer.mergedIntoId } });
    if (!target) break;
    customer = target;
  }
  return customer;
}

/** An order took the cart's items: no reminders for this round. */
export async function markCartCheckedOut(tenantId: number, cart: ShoppingCart, orderNo: string): Promise<void> {
  await ShoppingCart.update({ state: 'checked_out', checkedOutOrderNo: orderNo }, { where: { tenantId, id: cart.id, round: cart.round, state: 'active' } });
}
