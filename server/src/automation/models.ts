import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, refColumn, tenantIdColumn, timestampColumns } from '../db/common-columns';
import { jsonAttribute } from '../db/json-attribute';
import { appendOnlyOptions, modelOptions } from '../db/model-options';

export type ProactiveKind = 'logistics' | 'unpaid' | 'cart' | 'high_value';
/** sending: claimed, message being stored (a rerun resumes it); deferred: a gate said "not now". */
export type ProactiveStatus = 'sending' | 'sent' | 'deferred';

/** The merchant's proactive-service settings as saved (parsed by settings-schema.ts on read). */
export class AutomationSettingsRow extends Model<InferAttributes<AutomationSettingsRow>, InferCreationAttributes<AutomationSettingsRow>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare settings: Record<string, unknown>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One proactive trigger (e.g. "reminder 1 for unpaid order 42"); its unique key makes it fire once. */
export class ProactiveSend extends Model<InferAttributes<ProactiveSend>, InferCreationAttributes<ProactiveSend>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare triggerKey: string;
  declare kind: ProactiveKind;
  declare customerId: number | null;
  declare orderId: number | null;
  declare status: ProactiveStatus;
  declare deferredReason: string | null;
  declare conversationId: number | null;
  declare messageId: number | null;
  declare couponCode: string | null;
  declare couponCents: CreationOptional<number>;
  declare sentAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ProactiveOptOut extends Model<InferAttributes<ProactiveOptOut>, InferCreationAttributes<ProactiveOptOut>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare customerId: number;
  /** shopper: they said 退订 / 不要再发; console: an agent set the flag. */
  declare source: 'shopper' | 'console';
  declare createdAt: CreationOptional<Date>;
}

/** Work the proactive service leaves for a person (a lost parcel needs a decision, not only a message). */
export class AgentTask extends Model<InferAttributes<AgentTask>, InferCreationAttributes<AgentTask>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare triggerKey: string;
  declare kind: string;
  declare customerId: number | null;
  declare orderId: number | null;
  declare conversationId: number | null;
  declare summary: string;
  declare status: 'open' | 'done';
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initAutomationModels(sequelize: Sequelize): void {
  AutomationSettingsRow.init(
    { id: idColumn, tenantId: tenantIdColumn, settings: jsonAttribute('settings', {}, false), ...timestampColumns },
    modelOptions(sequelize, 'automation_settings'),
  );
  ProactiveSend.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      triggerKey: { type: DataTypes.STRING(191), allowNull: false },
      kind: { type: DataTypes.STRING(32), allowNull: false },
      customerId: refColumn(true),
      orderId: refColumn(true),
      status: { type: DataTypes.STRING(16), allowNull: false },
      deferredReason: { type: DataTypes.STRING(64), allowNull: true },
      conversationId: refColumn(true),
      messageId: refColumn(true),
      couponCode: { type: DataTypes.STRING(64), allowNull: true },
      couponCents: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      sentAt: { type: DataTypes.DATE, allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'proactive_sends'),
  );
  ProactiveOptOut.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      customerId: refColumn(),
      source: { type: DataTypes.STRING(16), allowNull: false },
      createdAt: DataTypes.DATE,
    },
    appendOnlyOptions(sequelize, 'proactive_opt_outs'),
  );
  AgentTask.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      triggerKey: { type: DataTypes.STRING(191), allowNull: false },
      kind: { type: DataTypes.STRING(32), allowNull: false },
      customerId: refColumn(true),
      orderId: refColumn(true),
      conversationId: refColumn(true),
      summary: { type: DataTypes.STRING(500), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'agent_tasks'),
  );
}
