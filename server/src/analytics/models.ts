import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, refColumn, tenantIdColumn } from '../db/common-columns';
import { jsonAttribute } from '../db/json-attribute';
import { appendOnlyOptions } from '../db/model-options';

/** One pipeline step happened. Append-only; analytics reads these. */
export class PipelineEvent extends Model<InferAttributes<PipelineEvent>, InferCreationAttributes<PipelineEvent>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare type: string;
  declare conversationId: number | null;
  declare messageId: number | null;
  declare payload: CreationOptional<Record<string, unknown>>;
  declare createdAt: CreationOptional<Date>;
}

export function initAnalyticsModels(sequelize: Sequelize): void {
  PipelineEvent.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      type: { type: DataTypes.STRING(64), allowNull: false },
      conversationId: refColumn(true),
      messageId: refColumn(true),
      payload: jsonAttribute('payload', {}),
      createdAt: DataTypes.DATE,
    },
    appendOnlyOptions(sequelize, 'events'),
  );
}
