import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, refColumn, tenantIdColumn, timestampColumns } from '../../db/common-columns';
import { jsonAttribute } from '../../db/json-attribute';
import { modelOptions } from '../../db/model-options';

export const ANSWER_OUTCOMES = ['answered', 'low_confidence', 'no_match'] as const;
export type AnswerOutcome = (typeof ANSWER_OUTCOMES)[number];

/**
 * Why a question was not answered: nothing matched, retrieval was unsure, the model found no
 * support, or the revisions it would have been given stopped being served between search and prompt.
 */
export const REFUSAL_CODES = ['no_match', 'low_confidence', 'model_refused', 'revision_not_served'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

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
  /** Why the bot did not answer (`<code>: <detail>`, see RefusalCode); null when it answered. */
  declare refusalReason: CreationOptional<string | null>;
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
      refusalReason: { type: DataTypes.STRING(300), allowNull: true, defaultValue: null },
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
