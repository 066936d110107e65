import { ConflictError, NotFoundError, ValidationError, type Platform } from '@kefu/shared';
import { UniqueConstraintError } from 'sequelize';
import type { FieldCipher } from '../privacy/field-cipher';
import { decryptChannelConfig, encryptChannelConfig, redactChannelConfig, secretsToReenter, validateChannelConfig } from './channel-account-config';
import { findChannelProtocol } from './channel-protocols';
import { ChannelAccount } from './models';

export interface ChannelAccountInput {
  platform: string;
  appId: string;
  name: string;
  config: unknown;
  unionScope?: string | null;
}

/** What the console sees of an account: never a secret, always the URL to paste into the platform. */
export interface PublicChannelAccount {
  id: number;
  platform: Platform;
  appId: string;
  name: string;
  unionScope: string | null;
  webhookPath: string;
  config: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

function protocolFor(platform: string) {
  const protocol = findChannelProtocol(platform);
  if (!protocol) throw new ValidationError(`platform "${platform}" has no registered protocol`);
  return protocol;
}

export function webhookPathOf(account: Pick<ChannelAccount, 'platform' | 'id'>): string {
  return `/webhooks/${account.platform}/${account.id}`;
}

export function toPublicChannelAccount(cipher: FieldCipher, account: ChannelAccount): PublicChannelAccount {
  const protocol = findChannelProtocol(account.platform);
  let config: Record<string, unknown> = {};
  if (protocol && account.credentialsEncrypted) config = redactChannelConfig(decryptChannelConfig(cipher, protocol, account));
  return {
    id: account.id,
    platform: account.platform,
    appId: account.appId,
    name: account.name,
    unionScope: account.unionScope,
    webhookPath: webhookPathOf(account),
    config,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}

export async function createChannelAccount(cipher: FieldCipher, tenantId: number, input: ChannelAccountInput): Promise<ChannelAccount> {
  const protocol = protocolFor(input.platform);
  const config = validateChannelConfig(protocol, input.config);
  try {
    return await ChannelAccount.create({
      tenantId,
      platform: protocol.platform,
      appId: input.appId,
      name: input.name,
      credentialsEncrypted: encryptChannelConfig(cipher, config),
      unionScope: input.unionScope ?? null,
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw new ConflictError(`a ${input.platform} account with appId ${input.appId} already exists`);
    throw error;
  }
}

/** Only platforms with a protocol: the web channel's own account is managed by the web channel. */
export async function listChannelAccounts(tenantId: number): Promise<ChannelAccount[]> {
  const accounts = await ChannelAccount.findAll({ where: { tenantId }, order: [['id', 'ASC']] });
  return accounts.filter((account) => findChannelProtocol(account.platform));
}

export interface ChannelAccountUpdate {
  name?: string;
  unionScope?: string | null;
  /** A whole new config, or a partial one merged over the stored config (so a secret need not be re-typed). */
  config?: Record<string, unknown>;
}

export async function updateChannelAccount(cipher: FieldCipher, tenantId: number, id: number, update: ChannelAccountUpdate): Promise<ChannelAccount> {
  const account = await ChannelAccount.findOne({ where: { tenantId, id } });
  const protocol = account ? findChannelProtocol(account.platform) : undefined;
  if (!account || !protocol) throw new NotFoundError(`channel account ${id} not found`);
  const changes: Partial<Pick<ChannelAccount, 'name' | 'unionScope' | 'credentialsEncrypted'>> = {};
  if (update.name !== undefined) changes.name = update.name;
  if (update.unionScope !== undefined) changes.unionScope = update.unionScope;
  if (update.config !== undefined) {
    const stored = account.credentialsEncrypted ? (decryptChannelConfig(cipher, protocol, account) as Record<string, unknown>) : {};
    const missing = secretsToReenter(stored, update.config);
    if (missing.length > 0) throw new ValidationError(`changing an address of this account requires entering its secrets again: ${missing.join(', ')}`, { fields: missing });
    changes.credentialsEncrypted = encryptChannelConfig(cipher, validateChannelConfig(protocol, { ...stored, ...update.config }));
  }
  return account.update(changes);
}

export async function removeChannelAccount(tenantId: number, id: number): Promise<ChannelAccount> {
  const account = await ChannelAccount.findOne({ where: { tenantId, id } });
  if (!account || !findChannelProtocol(account.platform)) throw new NotFoundError(`channel account ${id} not found`);
  await account.destroy();
  return account;
}
