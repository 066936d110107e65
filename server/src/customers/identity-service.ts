import { ChannelAccount } from '../channels/models';
import { retryOnConflict } from '../db/retry-on-conflict';
import { ChannelIdentity } from './models';
import { defaultUnionScope } from './union-scope';

export interface IdentityInput {
  tenantId: number;
  channelAccountId: number;
  externalId: string;
  unionId?: string | null;
  /** The union id's namespace when the caller knows it better than the account (a WeChat mini-program login on the web account). */
  unionScope?: string | null;
  displayName?: string | null;
}

async function scopeFor(input: IdentityInput): Promise<string | null> {
  if (!input.unionId) return null;
  if (input.unionScope) return input.unionScope;
  const account = await ChannelAccount.findOne({ where: { tenantId: input.tenantId, id: input.channelAccountId }, attributes: ['id', 'platform', 'unionScope'] });
  if (!account) return null;
  return account.unionScope ?? defaultUnionScope(account.platform);
}

/** Finds or creates the identity a platform knows a person by; unique on (channel account, external id). */
export async function upsertChannelIdentity(input: IdentityInput): Promise<ChannelIdentity> {
  return retryOnConflict(async () => {
    const existing = await ChannelIdentity.findOne({
      where: { tenantId: input.tenantId, channelAccountId: input.channelAccountId, externalId: input.externalId },
    });
    if (existing) {
      if (input.unionId && (existing.unionId !== input.unionId || !existing.unionScope)) await existing.update({ unionId: input.unionId, unionScope: await scopeFor(input) });
      return existing;
    }
    return ChannelIdentity.create({
      tenantId: input.tenantId,
      channelAccountId: input.channelAccountId,
      externalId: input.externalId,
      unionId: input.unionId ?? null,
      unionScope: await scopeFor(input),
      customerId: null,
      displayName: input.displayName ?? null,
    });
  });
}

export async function findChannelIdentity(tenantId: number, id: number): Promise<ChannelIdentity | null> {
  return ChannelIdentity.findOne({ where: { tenantId, id } });
}

/**
 * Remembers the client address a channel saw for this identity (the web channel knows it; platform
 * webhooks come from the platform's servers and do not). Written only when it changed, so a chatty
 * session costs no extra writes; the order-proof limits read it in the worker.
 */
export async function recordIdentityIp(identity: ChannelIdentity, ip: string | undefined): Promise<void> {
  const address = ip?.slice(0, 45) || null;
  if (!address || identity.lastIp === address) return;
  await ChannelIdentity.update({ lastIp: address }, { where: { tenantId: identity.tenantId, id: identity.id } });
}
