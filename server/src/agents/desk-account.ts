import { LarkApi, larkProtocol, type LarkConfig } from '@kefu/adapter-lark';
import type { ChannelProtocol, SharedCache } from '@kefu/shared';
import { listChannelAccounts } from '../channels/channel-account-admin';
import { decryptChannelConfig } from '../channels/channel-account-config';
import { createChannelCache } from '../channels/channel-services';
import type { ChannelAccount } from '../channels/models';
import type { PipelineDeps } from '../pipeline/pipeline-deps';

export interface DeskAccount {
  account: ChannelAccount;
  config: LarkConfig;
}

/** The tenant's Lark app (its agents' desk); a merchant without one simply has no card desk. */
export async function findDeskAccount(deps: PipelineDeps, tenantId: number): Promise<DeskAccount | null> {
  const account = (await listChannelAccounts(tenantId)).find((candidate) => candidate.platform === 'lark');
  if (!account) return null;
  return { account, config: decryptChannelConfig(deps.runtime.cipher, larkProtocol as ChannelProtocol<unknown>, account) as LarkConfig };
}

/** The Lark API for a desk account, sharing tokens through the deployment's cache. */
export function deskApi(deps: PipelineDeps, config: LarkConfig, cache?: SharedCache): LarkApi {
  return new LarkApi(config, cache ?? channelCache(deps));
}

let fallbackCache: { runtime: unknown; cache: SharedCache } | undefined;

/** Processes built without channel services (a bare worker) still share tokens through Redis when it exists. */
function channelCache(deps: PipelineDeps): SharedCache {
  if (deps.channels) return deps.channels.cache;
  if (fallbackCache?.runtime !== deps.runtime) fallbackCache = { runtime: deps.runtime, cache: createChannelCache(deps.runtime) };
  return fallbackCache.cache;
}
