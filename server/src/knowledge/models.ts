import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, refColumn, tenantIdColumn, timestampColumns } from '../db/common-columns';
import { jsonAttribute } from '../db/json-attribute';
import { modelOptions } from '../db/model-options';
import { initAnswerModels } from './answer/answer-models';

/**
 * The entry head: a stable id and slug plus the fields of the currently published revision, kept
 * here so readers of the head (listings, the freshness stamp) need no join. `latestRevision` 0 marks a legacy row
 * written straight to this table (demo seed, old data) that has no revision history yet.
 */
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
  /** Highest revision number of this entry; the optimistic-lock counter edits compare against. */
  declare latestRevision: CreationOptional<number>;
  /** Revision number being served, or null when nothing is published (new drafts, archived entries). */
  declare publishedRevision: CreationOptional<number | null>;
  declare category: CreationOptional<string | null>;
  declare validFrom: CreationOptional<Date | null>;
  declare validUntil: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const REVISION_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];

/** One immutable version of an entry's content; only its status changes after it is written. */
export class KnowledgeRevision extends Model<InferAttributes<KnowledgeRevision>, InferCreationAttributes<KnowledgeRevision>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare entryId: number;
  declare revision: number;
  declare title: string;
  declare answer: string;
  declare tags: CreationOptional<string[]>;
  declare keywords: CreationOptional<string[]>;
  declare similarQuestions: CreationOptional<string[]>;
  declare category: CreationOptional<string | null>;
  /** Tenant products this entry talks about (auto-detected on import, editable). */
  declare productIds: CreationOptional<number[]>;
  declare status: RevisionStatus;
  declare validFrom: CreationOptional<Date | null>;
  declare validUntil: CreationOptional<Date | null>;
  /** Null when written by an API key or an import without a user. */
  declare authorUserId: CreationOptional<number | null>;
  declare note: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const RELATION_NODE_TYPES = ['entry', 'product'] as const;
export type RelationNodeType = (typeof RELATION_NODE_TYPES)[number];
export const RELATION_KINDS = ['compatible_with', 'accessory_of', 'replaces', 'size_chart_for'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export class KnowledgeRelation extends Model<InferAttributes<KnowledgeRelation>, InferCreationAttributes<KnowledgeRelation>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare fromType: RelationNodeType;
  declare fromId: number;
  declare toType: RelationNodeType;
  declare toId: number;
  declare kind: RelationKind;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type ImportStatus = 'queued' | 'running' | 'done';
export interface ImportFailure {
  file: string;
  error: string;
}

/** One batch of uploaded files; the counters are what the console polls. */
export class KnowledgeImport extends Model<InferAttributes<KnowledgeImport>, InferCreationAttributes<KnowledgeImport>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare status: ImportStatus;
  declare total: number;
  declare done: CreationOptional<number>;
  declare failed: CreationOptional<ImportFailure[]>;
  declare entryIds: CreationOptional<number[]>;
  declare publish: CreationOptional<boolean>;
  declare createdByUserId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type ImportFileStatus = 'pending' | 'done' | 'failed';

/**
 * One uploaded file of a batch, stored so a restarted worker can finish the batch; the content is
 * cleared once the file is processed so imports do not keep a second copy of every document.
 */
export class KnowledgeImportFile extends Model<InferAttributes<KnowledgeImportFile>, InferCreationAttributes<KnowledgeImportFile>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare importId: number;
  declare position: number;
  declare name: string;
  declare contentBase64: string | null;
  declare status: CreationOptional<ImportFileStatus>;
  declare error: CreationOptional<string | null>;
  declare entryIds: CreationOptional<number[]>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const revisionContentColumns = {
  title: { type: DataTypes.STRING(300), allowNull: false },
  answer: { type: DataTypes.TEXT, allowNull: false },
  tags: jsonAttribute('tags', []),
  keywords: jsonAttribute('keywords', []),
  similarQuestions: jsonAttribute('similarQuestions', []),
} as const;

export function initKnowledgeModels(sequelize: Sequelize): void {
  KnowledgeEntry.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      slug: { type: DataTypes.STRING(100), allowNull: false },
      ...revisionContentColumns,
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      latestRevision: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      publishedRevision: { type: DataTypes.INTEGER, allowNull: true, defaultValue: null },
      category: { type: DataTypes.STRING(32), allowNull: true, defaultValue: null },
      validFrom: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      validUntil: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'knowledge_entries'),
  );

  KnowledgeRevision.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      entryId: refColumn(),
      revision: { type: DataTypes.INTEGER, allowNull: false },
      ...revisionContentColumns,
      category: { type: DataTypes.STRING(32), allowNull: true, defaultValue: null },
      productIds: jsonAttribute('productIds', []),
      status: { type: DataTypes.STRING(16), allowNull: false },
      validFrom: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      validUntil: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      authorUserId: { type: DataTypes.BIGINT, allowNull: true, defaultValue: null },
      note: { type: DataTypes.STRING(500), allowNull: true, defaultValue: null },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'knowledge_revisions'),
  );

  KnowledgeRelation.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      fromType: { type: DataTypes.STRING(16), allowNull: false },
      fromId: refColumn(),
      toType: { type: DataTypes.STRING(16), allowNull: false },
      toId: refColumn(),
      kind: { type: DataTypes.STRING(32), allowNull: false },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'knowledge_relations'),
  );

  KnowledgeImport.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      status: { type: DataTypes.STRING(16), allowNull: false },
      total: { type: DataTypes.INTEGER, allowNull: false },
      done: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      failed: jsonAttribute('failed', []),
      entryIds: jsonAttribute('entryIds', []),
      publish: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdByUserId: { type: DataTypes.BIGINT, allowNull: true, defaultValue: null },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'knowledge_imports'),
  );

  KnowledgeImportFile.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      importId: refColumn(),
      position: { type: DataTypes.INTEGER, allowNull: false },
      name: { type: DataTypes.STRING(255), allowNull: false },
      contentBase64: { type: DataTypes.TEXT, allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
      error: { type: DataTypes.STRING(1000), allowNull: true, defaultValue: null },
      entryIds: jsonAttribute('entryIds', []),
      ...timestampColumns,
    },
    modelOptions(sequelize, 'knowledge_import_files'),
  );
  initAnswerModels(sequelize);
}
