import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { idColumn, refColumn, tenantIdColumn, timestampColumns } from '../db/common-columns';
import { appendOnlyOptions, modelOptions } from '../db/model-options';

/** What a failed-proof counter counts by; see attempt-limits.ts for each scope's limit. */
/** `binding`: VIP binding codes sent by one channel identity (a code proves who a WeChat contact is). */
export type ProofScope = 'order' | 'customer' | 'identity' | 'ip' | 'binding';

/** Failed ownership proofs of one subject (an order number, a customer, a device, an IP) in the current window. */
export class OrderProofCounter extends Model<InferAttributes<OrderProofCounter>, InferCreationAttributes<OrderProofCounter>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare scope: ProofScope;
  declare subject: string;
  declare failures: CreationOptional<number>;
  declare windowStartedAt: Date;
  declare nextAttemptAt: Date | null;
  declare lockedUntil: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A one-time code sent by SMS to an order's phone; only keyed hashes of the code and the phone are kept. */
export class OrderProofCode extends Model<InferAttributes<OrderProofCode>, InferCreationAttributes<OrderProofCode>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare conversationId: number;
  declare orderNo: string;
  declare phoneHash: string;
  declare salt: string;
  declare codeHash: string;
  declare attempts: CreationOptional<number>;
  declare expiresAt: Date;
  declare verifiedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
}

export function initOrderProofModels(sequelize: Sequelize): void {
  OrderProofCounter.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      scope: { type: DataTypes.STRING(16), allowNull: false },
      subject: { type: DataTypes.STRING(128), allowNull: false },
      failures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      windowStartedAt: { type: DataTypes.DATE(3), allowNull: false },
      nextAttemptAt: { type: DataTypes.DATE(3), allowNull: true },
      lockedUntil: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'order_proof_counters'),
  );
  OrderProofCode.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      conversationId: refColumn(),
      orderNo: { type: DataTypes.STRING(64), allowNull: false },
      phoneHash: { type: DataTypes.STRING(64), allowNull: false },
      salt: { type: DataTypes.STRING(32), allowNull: false },
      codeHash: { type: DataTypes.STRING(64), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      expiresAt: { type: DataTypes.DATE(3), allowNull: false },
      verifiedAt: { type: DataTypes.DATE(3), allowNull: true },
      createdAt: DataTypes.DATE,
    },
    appendOnlyOptions(sequelize, 'order_proof_codes'),
  );
}
