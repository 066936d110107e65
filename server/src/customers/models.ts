import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, refColumn, tenantIdColumn, timestampColumns } from '../db/common-columns';
import { modelOptions } from '../db/model-options';

/** One profile per person per merchant. Phone and address are ciphertext; phoneHash finds by phone. */
export class Customer extends Model<InferAttributes<Customer>, InferCreationAttributes<Customer>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare displayName: string | null;
  declare externalRef: string | null;
  declare phoneEncrypted: string | null;
  declare phoneHash: string | null;
  declare addressEncrypted: string | null;
  declare memberLevel: string | null;
  declare mergedIntoId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One person as one platform account sees them. Identity only, never session state. */
export class ChannelIdentity extends Model<InferAttributes<ChannelIdentity>, InferCreationAttributes<ChannelIdentity>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare channelAccountId: number;
  declare externalId: string;
  declare unionId: string | null;
  declare customerId: number | null;
  declare displayName: string | null;
  declare verified: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initCustomerModels(sequelize: Sequelize): void {
  Customer.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      displayName: { type: DataTypes.STRING(100), allowNull: true },
      externalRef: { type: DataTypes.STRING(128), allowNull: true },
      phoneEncrypted: { type: DataTypes.STRING(255), allowNull: true },
      phoneHash: { type: DataTypes.STRING(64), allowNull: true },
      addressEncrypted: { type: DataTypes.TEXT, allowNull: true },
      memberLevel: { type: DataTypes.STRING(16), allowNull: true },
      mergedIntoId: refColumn(true),
      ...timestampColumns,
    },
    modelOptions(sequelize, 'customers'),
  );
  ChannelIdentity.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      channelAccountId: refColumn(),
      externalId: { type: DataTypes.STRING(191), allowNull: false },
      unionId: { type: DataTypes.STRING(191), allowNull: true },
      customerId: refColumn(true),
      displayName: { type: DataTypes.STRING(100), allowNull: true },
      verified: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'channel_identities'),
  );
}
