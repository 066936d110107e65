import type { SharedCache } from '@kefu/shared';

/** The SDK's cache interface (Symbol or string keys, absolute expiry in ms, optional namespace). */
export interface LarkSdkCache {
  // eslint-disable-next-line @typescript-eslint/no-wrapper-object-types -- the SDK's own type says Symbol
  set(key: string | Symbol, value: unknown, expire?: number, options?: { namespace?: string }): Promise<boolean>;
  // eslint-disable-next-line @typescript-eslint/no-wrapper-object-types -- the SDK's own type says Symbol
  get(key: string | Symbol, options?: { namespace?: string }): Promise<unknown>;
}

/**
 * Backs the SDK's tenant_access_token cache with the deployment's SharedCache, so every process
 * reuses one token (the SDK's default cache is per process and global to all clients of an app id).
 */
export function sharedCacheForLarkSdk(cache: SharedCache, scope: string, now: () => Date = () => new Date()): LarkSdkCache {
  // eslint-disable-next-line @typescript-eslint/no-wrapper-object-types -- the SDK's own type says Symbol
  const keyOf = (key: string | Symbol, namespace?: string) => `lark-sdk:${scope}:${namespace ?? '-'}:${typeof key === 'string' ? key : ((key as symbol).description ?? 'symbol')}`;
  return {
    async set(key, value, expire, options) {
      const ttlSeconds = expire ? Math.floor((expire - now().getTime()) / 1000) : 3600;
      if (ttlSeconds <= 0) return true;
      await cache.set(keyOf(key, options?.namespace), JSON.stringify(value), ttlSeconds);
      return true;
    },
    async get(key, options) {
      const stored = await cache.get(keyOf(key, options?.namespace));
      return stored === null ? undefined : (JSON.parse(stored) as unknown);
    },
  };
}
