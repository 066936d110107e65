import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, tenantIdColumn, timestampColumns } from '../db/common-columns';
import { jsonAttribute } from '../db/json-attribute';
import { modelOptions } from '../db/model-options';

/** An intent a merchant added on top of the 30 standard ones, with the phrases that teach it. */
export class MerchantIntent extends Model<InferAttributes<MerchantIntent>, InferCreationAttributes<MerchantIntent>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare intentId: string;
  declare description: string | null;
  declare examples: string[];
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initNluModels(sequelize: Sequelize): void {
  MerchantIntent.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      intentId: { type: DataTypes.STRING(64), allowNull: false },
      description: { type: DataTypes.STRING(300), allowNull: true },
      examples: jsonAttribute('examples', [], false),
      ...timestampColumns,
    },
    modelOptions(sequelize, 'merchant_intents'),
  );
}
