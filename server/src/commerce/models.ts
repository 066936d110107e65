import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, refColumn, tenantIdColumn, timestampColumns } from '../db/common-columns';
import { jsonAttribute } from '../db/json-attribute';
import { appendOnlyOptions, modelOptions } from '../db/model-options';
import { initCommerceActionModels } from './action-models';
import { initCartModels } from './cart-models';

export type OrderStatus = 'unpaid' | 'paid' | 'shipped' | 'delivered' | 'completed' | 'cancelled' | 'refunding' | 'refunded';
export interface OrderItem {
  sku: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  size?: string;
  color?: string;
}

export class Product extends Model<InferAttributes<Product>, InferCreationAttributes<Product>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare sku: string;
  declare name: string;
  declare brand: string | null;
  declare category: string | null;
  declare aliases: CreationOptional<string[]>;
  declare priceCents: number;
  declare stock: number;
  declare specs: CreationOptional<Record<string, string>>;
  declare description: string | null;
  /** Made to order (engraving, custom size): not returnable without a defect. */
  declare customMade: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A merchant order as mirrored from the store system. Recipient phone and address are ciphertext. */
export class Order extends Model<InferAttributes<Order>, InferCreationAttributes<Order>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare orderNo: string;
  declare customerId: number | null;
  declare status: OrderStatus;
  declare items: OrderItem[];
  declare totalCents: number;
  declare recipientName: string | null;
  declare phoneEncrypted: string | null;
  declare addressEncrypted: string | null;
  declare carrier: string | null;
  declare trackingNo: string | null;
  declare placedAt: Date;
  declare paidAt: Date | null;
  declare shippedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class LogisticsEvent extends Model<InferAttributes<LogisticsEvent>, InferCreationAttributes<LogisticsEvent>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare orderId: number;
  declare occurredAt: Date;
  declare status: string;
  declare description: string;
  declare createdAt: CreationOptional<Date>;
}

export function initCommerceModels(sequelize: Sequelize): void {
  Product.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      sku: { type: DataTypes.STRING(64), allowNull: false },
      name: { type: DataTypes.STRING(200), allowNull: false },
      brand: { type: DataTypes.STRING(100), allowNull: true },
      category: { type: DataTypes.STRING(32), allowNull: true },
      aliases: jsonAttribute('aliases', []),
      priceCents: { type: DataTypes.INTEGER, allowNull: false },
      stock: { type: DataTypes.INTEGER, allowNull: false },
      specs: jsonAttribute('specs', {}),
      description: { type: DataTypes.TEXT, allowNull: true },
      customMade: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'products'),
  );
  Order.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      orderNo: { type: DataTypes.STRING(64), allowNull: false },
      customerId: refColumn(true),
      status: { type: DataTypes.STRING(16), allowNull: false },
      items: jsonAttribute('items', [], false),
      totalCents: { type: DataTypes.INTEGER, allowNull: false },
      recipientName: { type: DataTypes.STRING(100), allowNull: true },
      phoneEncrypted: { type: DataTypes.STRING(255), allowNull: true },
      addressEncrypted: { type: DataTypes.TEXT, allowNull: true },
      carrier: { type: DataTypes.STRING(64), allowNull: true },
      trackingNo: { type: DataTypes.STRING(64), allowNull: true },
      placedAt: { type: DataTypes.DATE, allowNull: false },
      paidAt: { type: DataTypes.DATE, allowNull: true },
      shippedAt: { type: DataTypes.DATE, allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'orders'),
  );
  LogisticsEvent.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      orderId: refColumn(),
      occurredAt: { type: DataTypes.DATE, allowNull: false },
      status: { type: DataTypes.STRING(32), allowNull: false },
      description: { type: DataTypes.STRING(500), allowNull: false },
      createdAt: DataTypes.DATE,
    },
    appendOnlyOptions(sequelize, 'logistics_events'),
  );
  initCommerceActionModels(sequelize);
  initCartModels(sequelize);
}
