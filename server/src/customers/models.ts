import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { AuditEntry } from '../auth/models';
import { idColumn, refColumn, tenantIdColumn, timestampColumns } from '../db/common-columns';
import { jsonAttribute } from '../db/json-attribute';
import { appendOnlyOptions, modelOptions } from '../db/model-options';

/** One profile per person per merchant. Phone and address are ciphertext; phoneHash finds by phone. */
export class Customer extends Model<InferAttributes<Customer>, InferCreationAttributes<Customer>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare displayName: string | null;
  declare externalRef: string | null;
  declare phoneEncrypted: string | null;
  declare phoneHash: string | null;
  declare addressEncrypted: string | null;
  declare memberLevel: string | null;
  declare mergedIntoId: CreationOptional<number | null>;
  /** Set when the phone was proven (platform phone authorisation, the merchant's own record), not just typed. */
  declare phoneVerifiedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One person as one platform account sees them. Identity only, never session state. */
export class ChannelIdentity extends Model<InferAttributes<ChannelIdentity>, InferCreationAttributes<ChannelIdentity>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare channelAccountId: number;
  declare externalId: string;
  declare unionId: string | null;
  /** Where the union id is meaningful; set from the input, the account's union_scope, or the platform family. */
  declare unionScope: CreationOptional<string | null>;
  declare customerId: number | null;
  declare displayName: string | null;
  declare verified: CreationOptional<boolean>;
  /** Web/mini-program session tokens issued before this moment are refused (console revocation). */
  declare sessionsRevokedAt: CreationOptional<Date | null>;
  /** The client address the web channel last saw for this session; counts failed order proofs per IP. */
  declare lastIp: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type LinkEvidenceType = 'verified_ref' | 'union_id' | 'verified_phone' | 'proven_order' | 'created' | 'merge' | 'unmerge';

/** One link of a channel identity to a customer and what proved it; the latest row per identity is current. */
export class IdentityLink extends Model<InferAttributes<IdentityLink>, InferCreationAttributes<IdentityLink>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare channelIdentityId: number;
  declare customerId: number;
  declare evidenceType: LinkEvidenceType;
  declare evidence: Record<string, unknown>;
  declare createdAt: CreationOptional<Date>;
}

/** What a merge moved from source to target and which target fields it filled; unmerge replays it backwards. */
export interface MergeRecord {
  identityIds: number[];
  conversationIds: number[];
  orderIds: number[];
  /** Shopping carts; absent from merges recorded before carts moved with the customer. */
  cartIds?: number[];
  /** Target fields that were empty and took the source's value, with the target's value before. */
  filledFields: { field: MergeableField; before: string | null; after: string | null }[];
}
/** The counts of what a merge moved, as the console shows them. */
export function movedCounts(moved: MergeRecord): { identities: number; conversations: number; orders: number; carts: number } {
  return { identities: moved.identityIds.length, conversations: moved.conversationIds.length, orders: moved.orderIds.length, carts: moved.cartIds?.length ?? 0 };
}
export type MergeableField = 'displayName' | 'externalRef' | 'phoneEncrypted' | 'phoneHash' | 'addressEncrypted' | 'memberLevel';
export interface MergeConflict {
  field: string;
  /** Never the values themselves for personal data: the look-up hashes say they differ. */
  targetValue: string | null;
  sourceValue: string | null;
  kept: 'target';
}

export class CustomerMerge extends Model<InferAttributes<CustomerMerge>, InferCreationAttributes<CustomerMerge>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare sourceCustomerId: number;
  declare targetCustomerId: number;
  declare actorType: AuditEntry['actorType'];
  declare actorId: string | null;
  declare reason: string | null;
  declare status: 'merged' | 'unmerged';
  declare moved: MergeRecord;
  declare conflicts: MergeConflict[];
  declare unmergedAt: CreationOptional<Date | null>;
  declare unmergedBy: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initCustomerModels(sequelize: Sequelize): void {
  Customer.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      displayName: { type: DataTypes.STRING(100), allowNull: true },
      externalRef: { type: DataTypes.STRING(128), allowNull: true },
      phoneEncrypted: { type: DataTypes.STRING(255), allowNull: true },
      phoneHash: { type: DataTypes.STRING(64), allowNull: true },
      addressEncrypted: { type: DataTypes.TEXT, allowNull: true },
      memberLevel: { type: DataTypes.STRING(16), allowNull: true },
      mergedIntoId: refColumn(true),
      phoneVerifiedAt: { type: DataTypes.DATE, allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'customers'),
  );
  ChannelIdentity.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      channelAccountId: refColumn(),
      externalId: { type: DataTypes.STRING(191), allowNull: false },
      unionId: { type: DataTypes.STRING(191), allowNull: true },
      unionScope: { type: DataTypes.STRING(128), allowNull: true },
      customerId: refColumn(true),
      displayName: { type: DataTypes.STRING(100), allowNull: true },
      verified: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      // Milliseconds kept (DATE(3)): a session started in the same second right after a revocation must survive it.
      sessionsRevokedAt: { type: DataTypes.DATE(3), allowNull: true },
      lastIp: { type: DataTypes.STRING(45), allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'channel_identities'),
  );
  IdentityLink.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      channelIdentityId: refColumn(),
      customerId: refColumn(),
      evidenceType: { type: DataTypes.STRING(32), allowNull: false },
      evidence: jsonAttribute<Record<string, unknown>>('evidence', {}, false),
      createdAt: DataTypes.DATE,
    },
    appendOnlyOptions(sequelize, 'identity_links'),
  );
  CustomerMerge.init(
    {
      id: idColumn,
      tenantId: tenantIdColumn,
      sourceCustomerId: refColumn(),
      targetCustomerId: refColumn(),
      actorType: { type: DataTypes.STRING(16), allowNull: false },
      actorId: { type: DataTypes.STRING(64), allowNull: true },
      reason: { type: DataTypes.STRING(500), allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      moved: jsonAttribute<MergeRecord>('moved', { identityIds: [], conversationIds: [], orderIds: [], cartIds: [], filledFields: [] }, false),
      conflicts: jsonAttribute<MergeConflict[]>('conflicts', [], false),
      unmergedAt: { type: DataTypes.DATE, allowNull: true },
      unmergedBy: { type: DataTypes.STRING(64), allowNull: true },
      ...timestampColumns,
    },
    modelOptions(sequelize, 'customer_merges'),
  );
}
