import type { SharedCache } from '@kefu/shared';

/** A one-process SharedCache for protocol tests (the core's Redis-backed one is tested with the core). */
export class MemorySharedCache implements SharedCache {
  readonly values = new Map<string, { value: string; expiresAt: number }>();

  async get(key: string): Promise<string | null> {
    const entry = this.values.get(key);
    return entry && entry.expiresAt > Date.now() ? entry.value : null;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.values.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
  }

  async withLock<T>(_key: string, _ttlSeconds: number, refresh: () => Promise<T>): Promise<T> {
    return refresh();
  }
}
