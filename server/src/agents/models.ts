import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, refColumn, tenantIdColumn, timestampColumns } from '../db/common-columns';
import { modelOptions } from '../db/model-options';

export type DeskTicketStatus = 'waiting' | 'claimed' | 'closed';

/** One escalated conversation on the agents' desk: its Lark card, its state and who has it. */
export class DeskTicket extends Model<InferAttributes<DeskTicket>, InferCreationAttributes<DeskTicket>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare conversationId: number;
  declare handoffMessageId: number;
  declare deskAccountId: number;
  declare chatId: string;
  declare cardMessageId: string | null;
  declare status: DeskTicketStatus;
  declare assigneeUserId: CreationOptional<number | null>;
  declare claimedAt: CreationOptional<Date | null>;
  declare closedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Which console agent a Lark user (open_id, per app) is. */
export class LarkAgentLink extends Model<InferAttributes<LarkAgentLink>, InferCreationAttributes<LarkAgentLink>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare deskAccountId: number;
  declare openId: string;
  declare userId: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A one-time code that links the WeChat contact who sends it to a customer. */
export class VipBindingCode extends Model<InferAttributes<VipBindingCode>, InferCreationAttributes<VipBindingCode>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare customerId: number;
  declare code: string;
  declare expiresAt: Date;
  declare usedAt: CreationOptional<Date | null>;
  declare usedByIdentityId: CreationOptional<number | null>;
  declare issuedByUserId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initAgentDeskModels(sequelize: Sequelize): void {
  DeskTicket.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      conversationId: refColumn(),
      handoffMessageId: refColumn(),
      deskAccountId: refColumn(),
      chatId: { type: DataTypes.STRING(128), allowNull: false },
      cardMessageId: { type: DataTypes.STRING(128), allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      assigneeUserId: refColumn(true),
      claimedAt: { type: DataTypes.DATE, allowNull: true },
      closedAt: { type: DataTypes.DATE, allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'desk_tickets'),
  );
  LarkAgentLink.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      deskAccountId: refColumn(),
      openId: { type: DataTypes.STRING(128), allowNull: false },
      userId: refColumn(),
      ...timestampColumns,
    },
    modelOptions(sequelize, 'lark_agent_links'),
  );
  VipBindingCode.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      customerId: refColumn(),
      code: { type: DataTypes.STRING(16), allowNull: false },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      usedAt: { type: DataTypes.DATE, allowNull: true },
      usedByIdentityId: refColumn(true),
      issuedByUserId: refColumn(true),
      ...timestampColumns,
    },
    modelOptions(sequelize, 'vip_binding_codes'),
  );
}
