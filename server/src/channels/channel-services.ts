import type { Runtime } from '../runtime';
import { MemoryChannelCache, RedisChannelCache, type ChannelCache } from './shared-cache';

/** What the webhook route and the outbound bridge share: the cross-process cache, the network, the clock. */
export interface ChannelServices {
  cache: ChannelCache;
  fetch: typeof fetch;
  now(): Date;
}

/** Redis-backed when the deployment has Redis (several processes share tokens, cursors and claims), in memory otherwise. */
export function createChannelServices(runtime: Runtime): ChannelServices {
  const cache = runtime.redis ? new RedisChannelCache(runtime.redis, runtime.config.REDIS_PREFIX) : new MemoryChannelCache();
  return { cache, fetch: (input, init) => fetch(input, init), now: () => new Date() };
}
