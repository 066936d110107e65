import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { Platform } from '@kefu/shared';
import { idColumn, tenantIdColumn, timestampColumns } from '../db/common-columns';
import { modelOptions } from '../db/model-options';

/** One connected platform account of a merchant. Credentials are stored encrypted. */
export class ChannelAccount extends Model<InferAttributes<ChannelAccount>, InferCreationAttributes<ChannelAccount>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare platform: Platform;
  declare appId: string;
  declare name: string;
  declare credentialsEncrypted: string | null;
  declare unionScope: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initChannelModels(sequelize: Sequelize): void {
  ChannelAccount.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      platform: { type: DataTypes.STRING(32), allowNull: false },
      appId: { type: DataTypes.STRING(128), allowNull: false },
      name: { type: DataTypes.STRING(100), allowNull: false },
      credentialsEncrypted: { type: DataTypes.TEXT, allowNull: true },
      unionScope: { type: DataTypes.STRING(128), allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'channel_accounts'),
  );
}
