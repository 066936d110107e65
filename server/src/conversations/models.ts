import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import type { Card, MessageRole } from '@kefu/shared';
import { idColumn, refColumn, tenantIdColumn, timestampColumns } from '../db/common-columns';
import { jsonAttribute } from '../db/json-attribute';
import { modelOptions } from '../db/model-options';

export type ConversationStatus = 'open' | 'handoff' | 'closed';
/**
 * received → answered for shopper messages (`processing` is kept for rows written by older releases); pending → sent | failed for replies.
 * A shopper message still `received`/`processing` at boot is re-enqueued: that is how a restart loses nothing.
 */
export type MessageStatus = 'received' | 'processing' | 'answered' | 'pending' | 'sent' | 'failed';

export interface ConversationContext {
  lastIntent?: string;
  activeOrderNo?: string;
  [key: string]: unknown;
}

export class Conversation extends Model<InferAttributes<Conversation>, InferCreationAttributes<Conversation>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare customerId: number | null;
  declare channelAccountId: number;
  declare channelIdentityId: number;
  declare status: ConversationStatus;
  declare context: CreationOptional<ConversationContext>;
  declare lastMessageAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Message extends Model<InferAttributes<Message>, InferCreationAttributes<Message>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare conversationId: number;
  declare channelAccountId: number;
  declare platformMessageId: string;
  declare role: MessageRole;
  declare kind: string;
  declare text: string;
  declare cards: CreationOptional<Card[]>;
  declare status: MessageStatus;
  declare failureReason: CreationOptional<string | null>;
  declare attempts: CreationOptional<number>;
  declare intent: CreationOptional<string | null>;
  declare replyToId: CreationOptional<number | null>;
  /** What the engine understood of a shopper message: confidence, slots, sentiment, needs. */
  declare nlu: CreationOptional<Record<string, unknown> | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  /** Loaded with the message only where asked for (the pipeline's turn): one round trip for both. */
  declare conversation?: NonAttribute<Conversation>;
}

export function initConversationModels(sequelize: Sequelize): void {
  Conversation.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      customerId: refColumn(true),
      channelAccountId: refColumn(),
      channelIdentityId: refColumn(),
      status: { type: DataTypes.STRING(16), allowNull: false },
      context: jsonAttribute('context', {}),
      lastMessageAt: { type: DataTypes.DATE, allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'conversations'),
  );
  Message.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      conversationId: refColumn(),
      channelAccountId: refColumn(),
      platformMessageId: { type: DataTypes.STRING(191), allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      text: { type: DataTypes.TEXT, allowNull: false },
      cards: jsonAttribute('cards', []),
      status: { type: DataTypes.STRING(16), allowNull: false },
      failureReason: { type: DataTypes.STRING(500), allowNull: true },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      intent: { type: DataTypes.STRING(64), allowNull: true },
      replyToId: refColumn(true),
      nlu: jsonAttribute('nlu', null),
      ...timestampColumns,
    },
    modelOptions(sequelize, 'messages'),
  );
  Message.belongsTo(Conversation, { as: 'conversation', foreignKey: 'conversationId', constraints: false });
}
