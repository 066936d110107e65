import { retryOnConflict } from '../db/retry-on-conflict';
import { ChannelIdentity } from './models';

export interface IdentityInput {
  tenantId: number;
  channelAccountId: number;
  externalId: string;
  unionId?: string | null;
  displayName?: string | null;
}

/** Finds or creates the identity a platform knows a person by; unique on (channel account, external id). */
export async function upsertChannelIdentity(input: IdentityInput): Promise<ChannelIdentity> {
  return retryOnConflict(async () => {
    const existing = await ChannelIdentity.findOne({
      where: { tenantId: input.tenantId, channelAccountId: input.channelAccountId, externalId: input.externalId },
    });
    if (existing) {
      if (input.unionId && existing.unionId !== input.unionId) await existing.update({ unionId: input.unionId });
      return existing;
    }
    return ChannelIdentity.create({
      tenantId: input.tenantId,
      channelAccountId: input.channelAccountId,
      externalId: input.externalId,
      unionId: input.unionId ?? null,
      customerId: null,
      displayName: input.displayName ?? null,
    });
  });
}

export async function findChannelIdentity(tenantId: number, id: number): Promise<ChannelIdentity | null> {
  return ChannelIdentity.findOne({ where: { tenantId, id } });
}
