import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, refColumn, tenantIdColumn, timestampColumns } from '../db/common-columns';
import { jsonAttribute } from '../db/json-attribute';
import { appendOnlyOptions, modelOptions } from '../db/model-options';

export type ConnectorKind = 'orders' | 'logistics' | 'inventory' | 'crm' | 'marketing' | 'catalog';

/** Which provider serves one connector kind for one tenant; absent row: the built-in store. */
export class CommerceConnectorSetting extends Model<InferAttributes<CommerceConnectorSetting>, InferCreationAttributes<CommerceConnectorSetting>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare kind: ConnectorKind;
  declare provider: string;
  declare configEncrypted: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** The merchant's commerce policy knobs (price-protection window, checkout links). */
export class CommerceSettingsRow extends Model<InferAttributes<CommerceSettingsRow>, InferCreationAttributes<CommerceSettingsRow>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare settings: Record<string, unknown>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class WarehouseStock extends Model<InferAttributes<WarehouseStock>, InferCreationAttributes<WarehouseStock>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare sku: string;
  declare warehouse: string;
  declare quantity: number;
  declare restockAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ProductRelation extends Model<InferAttributes<ProductRelation>, InferCreationAttributes<ProductRelation>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare sku: string;
  declare relatedSku: string;
  declare kind: 'accessory' | 'similar';
  declare createdAt: CreationOptional<Date>;
}

export class Coupon extends Model<InferAttributes<Coupon>, InferCreationAttributes<Coupon>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare code: string;
  declare customerId: number | null;
  declare title: string;
  declare discountCents: number;
  declare minSpendCents: number;
  declare expiresAt: Date;
  declare status: 'available' | 'used' | 'expired';
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Promotion extends Model<InferAttributes<Promotion>, InferCreationAttributes<Promotion>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare title: string;
  declare description: string;
  declare startsAt: Date;
  declare endsAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class CrmProfile extends Model<InferAttributes<CrmProfile>, InferCreationAttributes<CrmProfile>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare customerId: number;
  declare tags: CreationOptional<string[]>;
  declare notes: string | null;
  declare riskScore: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type CommerceRequestKind = 'refund' | 'exchange' | 'return' | 'invoice' | 'price_protection' | 'address_change' | 'cancel' | 'modify';
export type CommerceRequestStatus = 'pending' | 'done' | 'rejected' | 'review';

/** One request sent to the order system, keyed for idempotency; also the outbox of its shopper notice. */
export class CommerceRequest extends Model<InferAttributes<CommerceRequest>, InferCreationAttributes<CommerceRequest>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare kind: CommerceRequestKind;
  declare orderNo: string;
  declare customerId: number | null;
  declare idempotencyKey: string;
  declare status: CommerceRequestStatus;
  declare amountCents: number | null;
  declare details: CreationOptional<Record<string, unknown>>;
  declare result: CreationOptional<Record<string, unknown>>;
  declare conversationId: number | null;
  declare replyToMessageId: number | null;
  declare noticeText: string | null;
  declare notifiedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A skill's open question in one conversation (confirm an action, prove an order): one at a time. */
export class SkillPendingAction extends Model<InferAttributes<SkillPendingAction>, InferCreationAttributes<SkillPendingAction>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare conversationId: number;
  declare kind: string;
  declare payload: Record<string, unknown>;
  declare attempts: CreationOptional<number>;
  declare expiresAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** An order a shopper proved to be theirs in one conversation (phone digits or one-time code). */
export class OrderAccessGrant extends Model<InferAttributes<OrderAccessGrant>, InferCreationAttributes<OrderAccessGrant>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare conversationId: number;
  declare orderNo: string;
  declare method: string;
  declare createdAt: CreationOptional<Date>;
}

export function initCommerceActionModels(sequelize: Sequelize): void {
  CommerceConnectorSetting.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      kind: { type: DataTypes.STRING(16), allowNull: false },
      provider: { type: DataTypes.STRING(32), allowNull: false },
      configEncrypted: { type: DataTypes.TEXT, allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'commerce_connectors'),
  );
  CommerceSettingsRow.init({ id: idColumn, tenantId: tenantIdColumn, settings: jsonAttribute('settings', {}, false), ...timestampColumns }, modelOptions(sequelize, 'commerce_settings'));
  WarehouseStock.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      sku: { type: DataTypes.STRING(64), allowNull: false },
      warehouse: { type: DataTypes.STRING(64), allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      restockAt: { type: DataTypes.DATE, allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'warehouse_stock'),
  );
  ProductRelation.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      sku: { type: DataTypes.STRING(64), allowNull: false },
      relatedSku: { type: DataTypes.STRING(64), allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      createdAt: DataTypes.DATE,
    },
    appendOnlyOptions(sequelize, 'product_relations'),
  );
  Coupon.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      code: { type: DataTypes.STRING(64), allowNull: false },
      customerId: refColumn(true),
      title: { type: DataTypes.STRING(200), allowNull: false },
      discountCents: { type: DataTypes.INTEGER, allowNull: false },
      minSpendCents: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'coupons'),
  );
  Promotion.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      title: { type: DataTypes.STRING(200), allowNull: false },
      description: { type: DataTypes.STRING(1000), allowNull: false },
      startsAt: { type: DataTypes.DATE, allowNull: false },
      endsAt: { type: DataTypes.DATE, allowNull: false },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'promotions'),
  );
  CrmProfile.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      customerId: refColumn(),
      tags: jsonAttribute('tags', []),
      notes: { type: DataTypes.TEXT, allowNull: true },
      riskScore: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'crm_profiles'),
  );
  CommerceRequest.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      kind: { type: DataTypes.STRING(32), allowNull: false },
      orderNo: { type: DataTypes.STRING(64), allowNull: false },
      customerId: refColumn(true),
      idempotencyKey: { type: DataTypes.STRING(191), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      amountCents: { type: DataTypes.INTEGER, allowNull: true },
      details: jsonAttribute('details', {}),
      result: jsonAttribute('result', {}),
      conversationId: refColumn(true),
      replyToMessageId: refColumn(true),
      noticeText: { type: DataTypes.TEXT, allowNull: true },
      notifiedAt: { type: DataTypes.DATE, allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'commerce_requests'),
  );
  SkillPendingAction.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      conversationId: refColumn(),
      kind: { type: DataTypes.STRING(32), allowNull: false },
      payload: jsonAttribute('payload', {}, false),
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'skill_pending_actions'),
  );
  OrderAccessGrant.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      conversationId: refColumn(),
      orderNo: { type: DataTypes.STRING(64), allowNull: false },
      method: { type: DataTypes.STRING(16), allowNull: false },
      createdAt: DataTypes.DATE,
    },
    appendOnlyOptions(sequelize, 'order_access_grants'),
  );
}
