import Router from '@koa/router';
import { putCartBody, ValidationError } from '@kefu/shared';
import { authenticateWebSession } from '../../channels/web-sessions';
import type { CartItem } from '../../commerce/cart-models';
import { recordCart } from '../../commerce/cart-service';
import { loadCommerceConnectors } from '../../commerce/connectors/connector-registry';
import { resolveCustomer } from '../../customers/resolve-customer';
import type { Runtime } from '../../runtime';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';

/**
 * PUT /api/web/cart: the shopper's page reports what is in their cart (an empty list clears it).
 * Only SKUs and quantities come from the browser; names and prices are the catalog's, so a page
 * cannot put a made-up price into a reminder. One cart per customer on this channel.
 */
export function createWebCartRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/web' });
  router.put('/cart', async (ctx) => {
    const session = await authenticateWebSession(runtime, ctx.get('authorization'));
    const body = parseInput(putCartBody, ctx.request.body, 'body');
    const { tenantId } = session.claims;
    const { catalog } = await loadCommerceConnectors(tenantId, runtime.cipher);
    const products = await Promise.all(body.items.map((item) => catalog.getProduct(item.sku)));
    const unknown = body.items.filter((_item, index) => !products[index]).map((item) => item.sku);
    if (unknown.length > 0) throw new ValidationError(`invalid body: unknown sku ${unknown.join(', ')}`, unknown.map((sku) => ({ field: 'body.items.sku', message: `unknown sku "${sku}"` })));
    const items: CartItem[] = body.items.map((item, index) => ({ sku: item.sku, name: products[index]!.name, quantity: item.quantity, unitPriceCents: products[index]!.priceCents }));
    const { customer } = await resolveCustomer(runtime.db.sequelize, runtime.audit, { tenantId, channelIdentityId: session.identity.id });
    const { cart } = await recordCart(tenantId, { cartRef: `web:${customer.id}`, customerId: customer.id, items, state: 'active', changedAt: new Date() });
    ctx.body = { state: cart.state, items: cart.items, totalCents: cart.totalCents };
  });
  return router;
}
