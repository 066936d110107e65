import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, refColumn, tenantIdColumn } from '../../db/common-columns';
import { jsonAttribute } from '../../db/json-attribute';
import { appendOnlyOptions } from '../../db/model-options';
import type { RefundRule } from './rule-set-schema';

/** One saved version of a tenant's refund rules; the highest version is the one in force. */
export class RefundRuleSet extends Model<InferAttributes<RefundRuleSet>, InferCreationAttributes<RefundRuleSet>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare version: number;
  declare rules: RefundRule[];
  declare note: string | null;
  declare createdBy: string | null;
  declare createdAt: CreationOptional<Date>;
}

/** Every refund decision with the rule that fired and the facts it saw, so a merchant can audit any outcome. */
export class RefundDecisionRecord extends Model<InferAttributes<RefundDecisionRecord>, InferCreationAttributes<RefundDecisionRecord>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare orderId: number | null;
  declare outcome: 'approve' | 'review' | 'decline';
  declare ruleId: string;
  declare reason: string;
  declare ruleSetVersion: number;
  declare facts: Record<string, unknown>;
  declare createdAt: CreationOptional<Date>;
}

export function initRefundRuleModels(sequelize: Sequelize): void {
  RefundRuleSet.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      version: { type: DataTypes.INTEGER, allowNull: false },
      rules: jsonAttribute('rules', [], false),
      note: { type: DataTypes.STRING(500), allowNull: true },
      createdBy: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: DataTypes.DATE,
    },
    appendOnlyOptions(sequelize, 'refund_rule_sets'),
  );
  RefundDecisionRecord.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      orderId: refColumn(true),
      outcome: { type: DataTypes.STRING(16), allowNull: false },
      ruleId: { type: DataTypes.STRING(64), allowNull: false },
      reason: { type: DataTypes.STRING(500), allowNull: false },
      ruleSetVersion: { type: DataTypes.INTEGER, allowNull: false },
      facts: jsonAttribute('facts', {}, false),
      createdAt: DataTypes.DATE,
    },
    appendOnlyOptions(sequelize, 'refund_decisions'),
  );
}
