import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonAttribute } from '../db/json-attribute';
import { idColumn, tenantIdColumn } from '../db/common-columns';
import { appendOnlyOptions, modelOptions } from '../db/model-options';

export const ROLES = ['owner', 'admin', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export class Tenant extends Model<InferAttributes<Tenant>, InferCreationAttributes<Tenant>> {
  declare id: CreationOptional<number>;
  declare key: string;
  declare name: string;
  declare orderNumberPattern: string | null;
  declare settings: CreationOptional<Record<string, unknown>>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare email: string;
  declare displayName: string | null;
  declare passwordHash: string;
  declare role: Role;
  declare disabledAt: CreationOptional<Date | null>;
  /** Console tokens carry the version they were issued under; bumping it signs the user out everywhere. */
  declare tokenVersion: CreationOptional<number>;
  /** Set by an admin's password reset: until changed, the temporary password opens nothing else. */
  declare mustChangePassword: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One console token signed out before its expiry (logout); kept only until that expiry. */
export class ConsoleTokenRevocation extends Model<InferAttributes<ConsoleTokenRevocation>, InferCreationAttributes<ConsoleTokenRevocation>> {
  declare tokenId: string;
  declare tenantId: number;
  declare userId: number;
  declare expiresAt: Date;
  declare createdAt: CreationOptional<Date>;
}

export class ApiKey extends Model<InferAttributes<ApiKey>, InferCreationAttributes<ApiKey>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare name: string;
  declare keyPrefix: string;
  declare keyHash: string;
  declare role: Role;
  declare lastUsedAt: CreationOptional<Date | null>;
  declare revokedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class AuditEntry extends Model<InferAttributes<AuditEntry>, InferCreationAttributes<AuditEntry>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare actorType: 'user' | 'api_key' | 'system' | 'shopper';
  declare actorId: string | null;
  declare action: string;
  declare targetType: string | null;
  declare targetId: string | null;
  declare details: CreationOptional<Record<string, unknown>>;
  declare createdAt: CreationOptional<Date>;
}

const id = idColumn;
const tenantId = tenantIdColumn;

export function initAuthModels(sequelize: Sequelize): void {
  Tenant.init(
    {
      id,
      key: { type: DataTypes.STRING(64), allowNull: false },
      name: { type: DataTypes.STRING, allowNull: false },
      orderNumberPattern: { type: DataTypes.STRING(200), allowNull: true },
      settings: jsonAttribute('settings', {}),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    modelOptions(sequelize, 'tenants'),
  );
  User.init(
    {
      id,
      tenantId,
      email: { type: DataTypes.STRING, allowNull: false },
      displayName: { type: DataTypes.STRING(100), allowNull: true },
      passwordHash: { type: DataTypes.STRING, allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false, validate: { isIn: [ROLES as unknown as string[]] } },
      disabledAt: { type: DataTypes.DATE, allowNull: true },
      tokenVersion: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      mustChangePassword: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    modelOptions(sequelize, 'users'),
  );
  ConsoleTokenRevocation.init(
    {
      tokenId: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
      tenantId,
      userId: { type: DataTypes.BIGINT, allowNull: false },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      createdAt: DataTypes.DATE,
    },
    appendOnlyOptions(sequelize, 'console_token_revocations'),
  );
  ApiKey.init(
    {
      id,
      tenantId,
      name: { type: DataTypes.STRING(100), allowNull: false },
      keyPrefix: { type: DataTypes.STRING(32), allowNull: false },
      keyHash: { type: DataTypes.STRING(64), allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false, validate: { isIn: [ROLES as unknown as string[]] } },
      lastUsedAt: { type: DataTypes.DATE, allowNull: true },
      revokedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    modelOptions(sequelize, 'api_keys'),
  );
  AuditEntry.init(
    {
      id,
      tenantId,
      actorType: { type: DataTypes.STRING(16), allowNull: false },
      actorId: { type: DataTypes.STRING(64), allowNull: true },
      action: { type: DataTypes.STRING(64), allowNull: false },
      targetType: { type: DataTypes.STRING(32), allowNull: true },
      targetId: { type: DataTypes.STRING(64), allowNull: true },
      details: jsonAttribute('details', {}),
      createdAt: DataTypes.DATE,
    },
    appendOnlyOptions(sequelize, 'audit_log'),
  );
}
