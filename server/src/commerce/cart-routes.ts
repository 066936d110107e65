import Router from '@koa/router';
import { z } from 'zod';
import { authenticate } from '../auth/authenticate';
import { requireRole } from '../auth/require-role';
import { atLeast } from '../auth/role-order';
import { auditActor, principalOf } from '../http-kit/console-principal';
import type { KefuState } from '../http-kit/koa-state';
import { parseInput } from '../http-kit/validate';
import type { Runtime } from '../runtime';
import { ShoppingCart } from './cart-models';
import { cartItemSchema, customerForRef, recordCart } from './cart-service';

/** Clocks differ a little; a cart changed further in the future than this is a bad timestamp, not skew. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const cartParams = z.object({ cartRef: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)') });
const cartBody = z
  .strictObject({
    customerRef: z.string().trim().min(1).max(64),
    items: z.array(cartItemSchema).max(100),
    state: z.enum(['active', 'checked_out', 'cleared']).default('active'),
    /** When the shopper changed the cart, by the store's clock; now when absent. */
    updatedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((cart, ctx) => {
    const skus = cart.items.map((item) => item.sku);
    skus.forEach((sku, index) => {
      if (skus.indexOf(sku) !== index) ctx.addIssue({ code: 'custom', path: ['items', index, 'sku'], message: `duplicate sku "${sku}": send one line per sku with its quantity` });
    });
    if (cart.updatedAt && Date.parse(cart.updatedAt) > Date.now() + FUTURE_TOLERANCE_MS) ctx.addIssue({ code: 'custom', path: ['updatedAt'], message: 'is in the future' });
  });
const listQuery = z.object({ state: z.enum(['active', 'checked_out', 'cleared']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

/**
 * The built-in store's carts. The merchant's store (an API key, admin or owner) pushes each change
 * of a shopper's cart; agents list them. A cart names the customer by the store's own reference,
 * the same one its signed shopper tokens carry.
 */
export function createCartRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/console/commerce/carts' });
  const auth = authenticate(runtime);

  router.put('/:cartRef', auth, requireRole(...atLeast('admin')), async (ctx) => {
    const principal = principalOf(ctx);
    const { cartRef } = parseInput(cartParams, ctx.params, 'params');
    const body = parseInput(cartBody, ctx.request.body, 'body');
    const customer = await customerForRef(principal.tenantId, body.customerRef);
    const { cart, outcome } = await recordCart(principal.tenantId, { cartRef, customerId: customer.id, items: body.items, state: body.state, changedAt: body.updatedAt ? new Date(body.updatedAt) : new Date() });
    if (outcome === 'created' || outcome === 'updated') {
      await runtime.audit.record({ ...auditActor(principal), action: 'commerce.cart_recorded', targetType: 'shopping_cart', targetId: cart.id, details: { cartRef, state: cart.state, items: cart.items.length, totalCents: cart.totalCents } });
    }
    ctx.status = outcome === 'created' ? 201 : 200;
    ctx.body = { cartRef, customerRef: body.customerRef, state: cart.state, totalCents: cart.totalCents, outcome };
  });

  router.get('/', auth, requireRole(...atLeast('agent')), async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const query = parseInput(listQuery, ctx.query, 'query');
    const rows = await ShoppingCart.findAll({ where: { tenantId, ...(query.state ? { state: query.state } : {}) }, order: [['changedAt', 'DESC']], limit: query.limit });
    ctx.body = { carts: rows.map((c) => ({ cartRef: c.cartRef, customerId: c.customerId, state: c.state, items: c.items, totalCents: c.totalCents, changedAt: c.changedAt, checkedOutOrderNo: c.checkedOutOrderNo })) };
  });
  return router;
}
