import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, refColumn, tenantIdColumn, timestampColumns } from '../db/common-columns';
import { jsonAttribute } from '../db/json-attribute';
import { modelOptions } from '../db/model-options';

/** active: the shopper may still buy; checked_out: an order took the items; cleared: emptied or dropped by the store. */
export type CartState = 'active' | 'checked_out' | 'cleared';

export interface CartItem {
  sku: string;
  /** The product name as the store shows it, named in the reminder. */
  name: string;
  quantity: number;
  unitPriceCents: number;
}

/** One shopper's cart as the store (or the web channel) last reported it. */
export class ShoppingCart extends Model<InferAttributes<ShoppingCart>, InferCreationAttributes<ShoppingCart>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare customerId: number;
  /** The store's id for the cart; unique per tenant, so a repeated push updates the same row. */
  declare cartRef: string;
  declare items: CartItem[];
  declare totalCents: number;
  declare state: CartState;
  /** When the shopper last changed the cart: reminder times count from here, not from our row's updatedAt. */
  declare changedAt: Date;
  /** Bumped when a checked-out or cleared cart fills again: each round gets its own reminders. */
  declare round: CreationOptional<number>;
  declare checkedOutOrderNo: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initCartModels(sequelize: Sequelize): void {
  ShoppingCart.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      customerId: refColumn(),
      cartRef: { type: DataTypes.STRING(64), allowNull: false },
      items: jsonAttribute('items', [], false),
      totalCents: { type: DataTypes.INTEGER, allowNull: false },
      state: { type: DataTypes.STRING(16), allowNull: false },
      changedAt: { type: DataTypes.DATE, allowNull: false },
      round: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      checkedOutOrderNo: { type: DataTypes.STRING(64), allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'shopping_carts'),
  );
}
