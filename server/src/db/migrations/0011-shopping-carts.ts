import { DataTypes, type QueryInterface } from 'sequelize';
import { columnKit } from './column-helpers';
import type { Migration } from './migration';

/**
 * Shopping carts in the built-in store, one row per cart the merchant's store (or the web channel)
 * reports, so the proactive service can remind shoppers of carts they left.
 */
async function up(qi: QueryInterface): Promise<void> {
  const c = columnKit(qi);
  await qi.createTable('shopping_carts', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    customer_id: c.ref('customers'),
    cart_ref: { type: DataTypes.STRING(64), allowNull: false },
    items: c.json(false),
    total_cents: { type: DataTypes.INTEGER, allowNull: false },
    state: { type: DataTypes.STRING(16), allowNull: false },
    // When the shopper last changed the cart (the store's clock); reminders count from here.
    changed_at: { type: DataTypes.DATE(3), allowNull: false },
    // Bumped each time a checked-out or cleared cart fills again, so its reminders start afresh.
    round: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    checked_out_order_no: { type: DataTypes.STRING(64), allowNull: true },
    ...c.timestamps(),
  });
  await qi.addIndex('shopping_carts', ['tenant_id', 'cart_ref'], { unique: true, name: 'shopping_carts_tenant_ref_unique' });
  await qi.addIndex('shopping_carts', ['tenant_id', 'state', 'changed_at'], { name: 'shopping_carts_tenant_state_changed' });
}

async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('shopping_carts');
}

export const shoppingCarts: Migration = { name: '0011-shopping-carts', up, down };
