import type { Model } from 'sequelize';
import type { Tenant } from '../auth/models';
import { findTenantById } from '../auth/tenant-service';
import { guardedFetch } from '../network/guarded-fetch';
import type { Runtime } from '../runtime';
import { findChannelAccountById } from './channel-account-service';
import type { ChannelAccount } from './models';
import type { PubSub } from './pub-sub';
import { RowCache, watchRowWrites } from './row-cache';
import { MemoryChannelCache, RedisChannelCache, type ChannelCache } from './shared-cache';
import { WakeUpSignal } from './wake-up-signal';

/** What the webhook route and the outbound bridge share: the cross-process cache, wake-ups, the network, the clock. */
export interface ChannelServices {
  cache: ChannelCache;
  /** Wakes a webhook or a send waiting on another process's work (passive replies); best effort. */
  wakeUps: WakeUpSignal;
  fetch: typeof fetch;
  now(): Date;
  /** Rows every message reads and few requests write, cached per process and invalidated on write across processes. */
  rows: CachedRows;
}

export interface CachedRows {
  tenants: RowCache<Tenant>;
  /** By id across tenants: callers that know the tenant check `tenantId` themselves. */
  channelAccounts: RowCache<ChannelAccount>;
}

/** Redis-backed when the deployment has Redis (several processes share tokens, cursors and claims), in memory otherwise. */
export function createChannelCache(runtime: Runtime): ChannelCache {
  return runtime.redis ? new RedisChannelCache(runtime.redis, runtime.config.REDIS_PREFIX) : new MemoryChannelCache();
}

/** Wake-ups travel over the process's pub/sub (Redis when there is Redis), the one the WebSocket fan-out uses. */
export async function createChannelServices(runtime: Runtime, pubsub: PubSub): Promise<ChannelServices> {
  const wakeUps = new WakeUpSignal(pubsub);
  await wakeUps.start();
  const rows: CachedRows = {
    tenants: new RowCache('Tenant', findTenantById),
    channelAccounts: new RowCache('ChannelAccount', findChannelAccountById),
  };
  await watchRowWrites(runtime.db.sequelize, pubsub, [rows.tenants, rows.channelAccounts] as unknown as RowCache<Model>[]);
  // Channel API hosts are merchant-set (apiBaseUrl): calls to them go through the outbound guard.
  return { cache: createChannelCache(runtime), wakeUps, fetch: guardedFetch, now: () => new Date(), rows };
}
