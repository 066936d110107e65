import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, refColumn, tenantIdColumn, timestampColumns } from '../../db/common-columns';
import { modelOptions } from '../../db/model-options';

/** A shopper's 1–5 satisfaction score for one conversation (table from migration 0010). */
export class ConversationRating extends Model<InferAttributes<ConversationRating>, InferCreationAttributes<ConversationRating>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare conversationId: number;
  declare score: number;
  declare comment: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initRatingModels(sequelize: Sequelize): void {
  ConversationRating.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      conversationId: refColumn(),
      score: { type: DataTypes.INTEGER, allowNull: false },
      comment: { type: DataTypes.STRING(500), allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'conversation_ratings'),
  );
}
