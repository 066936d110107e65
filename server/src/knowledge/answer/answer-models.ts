import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, refColumn, tenantIdColumn, timestampColumns } from '../../db/common-columns';
import { jsonAttribute } from '../../db/json-attribute';
import { modelOptions } from '../../db/model-options';

export const ANSWER_OUTCOMES = ['answered', 'low_confidence', 'no_match'] as const;
export type AnswerOutcome = (typeof ANSWER_OUTCOMES)[number];

/** One entry revision an answer was drawn from (or, when unsure, considered). */
export interface AnswerSource {
  entryId: number;
  revision: number;
  slug: string;
  score: number;
  /** Set when a model composed the answer: this entry revision was cited by it (checked against what it was given). */
  cited?: boolean;
}

/** The knowledge decision for one shopper question: what it was answered from, or why it was not. */
export class KnowledgeAnswer extends Model<InferAttributes<KnowledgeAnswer>, InferCreationAttributes<KnowledgeAnswer>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare conversationId: number;
  declare questionMessageId: number;
  declare replyMessageId: number | null;
  declare outcome: AnswerOutcome;
  declare confidence: number | null;
  declare sources: CreationOptional<AnswerSource[]>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const FEEDBACK_RATINGS = ['up', 'down'] as const;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number];

/** A thumbs up/down on a bot reply by the shopper or an agent. */
export class KnowledgeFeedback extends Model<InferAttributes<KnowledgeFeedback>, InferCreationAttributes<KnowledgeFeedback>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare conversationId: number;
  declare messageId: number;
  declare rater: string;
  declare rating: FeedbackRating;
  declare comment: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initAnswerModels(sequelize: Sequelize): void {
  KnowledgeAnswer.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      conversationId: refColumn(),
      questionMessageId: refColumn(),
      replyMessageId: refColumn(true),
      outcome: { type: DataTypes.STRING(16), allowNull: false },
      confidence: { type: DataTypes.FLOAT, allowNull: true },
      sources: jsonAttribute('sources', []),
      ...timestampColumns,
    },
    modelOptions(sequelize, 'knowledge_answers'),
  );
  KnowledgeFeedback.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      conversationId: refColumn(),
      messageId: refColumn(),
      rater: { type: DataTypes.STRING(40), allowNull: false },
      rating: { type: DataTypes.STRING(8), allowNull: false },
      comment: { type: DataTypes.STRING(500), allowNull: true, defaultValue: null },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'knowledge_feedback'),
  );
}
