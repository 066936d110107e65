import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, tenantIdColumn, timestampColumns } from '../db/common-columns';
import { jsonAttribute } from '../db/json-attribute';
import { modelOptions } from '../db/model-options';

export class KnowledgeEntry extends Model<InferAttributes<KnowledgeEntry>, InferCreationAttributes<KnowledgeEntry>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare slug: string;
  declare title: string;
  declare answer: string;
  declare tags: CreationOptional<string[]>;
  declare keywords: CreationOptional<string[]>;
  declare similarQuestions: CreationOptional<string[]>;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initKnowledgeModels(sequelize: Sequelize): void {
  KnowledgeEntry.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      slug: { type: DataTypes.STRING(100), allowNull: false },
      title: { type: DataTypes.STRING(300), allowNull: false },
      answer: { type: DataTypes.TEXT, allowNull: false },
      tags: jsonAttribute('tags', []),
      keywords: jsonAttribute('keywords', []),
      similarQuestions: jsonAttribute('similarQuestions', []),
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'knowledge_entries'),
  );
}
