import { Op } from 'sequelize';
import { ShoppingCart } from '../commerce/cart-models';
import { recordCart } from '../commerce/cart-service';
import { Product } from '../commerce/models';
import { Customer } from '../customers/models';

/**
 * A cart lina (李娜) left two hours before the demo was seeded: an iPhone 16 with a charger, not
 * checked out. Dated from the seed moment itself (not only its day, as the other demo dates are:
 * demo-clock.ts), so it is due from the first scan: the demo turns cart reminders on
 * (DEMO_AUTOMATION_SETTINGS), and once lina has written to the shop (a shop can only write into a
 * conversation the shopper opened: automation/reach-shopper.ts) the next scan reminds her, naming
 * the items and the total.
 */
const demoCarts = [
  { cartRef: 'demo-cart-lina', shopperRef: 'lina', changedMinutesBeforeSeed: 120, items: [{ sku: 'PHONE-IP16', quantity: 1 }, { sku: 'ACC-APPLE-20W', quantity: 1 }] },
];

/** Seeds once per tenant (skipped when the tenant has carts), with the catalog's names and prices, dated from `seededAt`. */
export async function seedDemoCarts(tenantId: number, seededAt: Date): Promise<void> {
  if ((await ShoppingCart.count({ where: { tenantId } })) > 0) return;
  const skus = demoCarts.flatMap((cart) => cart.items.map((item) => item.sku));
  const products = new Map((await Product.findAll({ where: { tenantId, sku: { [Op.in]: skus } } })).map((p) => [p.sku, p]));
  for (const cart of demoCarts) {
    const customer = await Customer.findOne({ where: { tenantId, externalRef: cart.shopperRef } });
    if (!customer) continue;
    const items = cart.items.flatMap((item) => {
      const product = products.get(item.sku);
      return product ? [{ sku: item.sku, name: product.name, quantity: item.quantity, unitPriceCents: product.priceCents }] : [];
    });
    await recordCart(tenantId, { cartRef: cart.cartRef, customerId: customer.id, items, state: 'active', changedAt: new Date(seededAt.getTime() - cart.changedMinutesBeforeSeed * 60_000) });
  }
}
