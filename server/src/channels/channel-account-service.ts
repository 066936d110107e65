import type { Platform } from '@kefu/shared';
import { retryOnConflict } from '../db/retry-on-conflict';
import { CROSS_TENANT } from '../db/tenant-guard';
import { ChannelAccount } from './models';

/** Every tenant has one web channel account; it is created on first use. */
export async function ensureChannelAccount(tenantId: number, platform: Platform, appId: string, name: string): Promise<ChannelAccount> {
  return retryOnConflict(async () => {
    const existing = await ChannelAccount.findOne({ where: { tenantId, platform, appId } });
    if (existing) return existing;
    return ChannelAccount.create({ tenantId, platform, appId, name, credentialsEncrypted: null, unionScope: null });
  });
}

export async function findChannelAccount(tenantId: number, id: number): Promise<ChannelAccount | null> {
  return ChannelAccount.findOne({ where: { tenantId, id } });
}

/** By id alone, across tenants: the webhook's URL names only the account, and the per-process row cache loads by id. */
export async function findChannelAccountById(id: number): Promise<ChannelAccount | null> {
  return ChannelAccount.findOne({ where: { id }, ...CROSS_TENANT });
}
