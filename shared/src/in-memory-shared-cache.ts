import type { SharedCache } from './channel-protocol';

/**
 * SharedCache for one process: the embedded set-up, and protocol tests that need real expiry and
 * real mutual exclusion in `withLock` (two concurrent token refreshes must fetch once).
 */
export class InMemorySharedCache implements SharedCache {
  protected readonly values = new Map<string, { value: string; expiresAt: number }>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly clock: () => number = Date.now) {}

  async get(key: string): Promise<string | null> {
    return this.readNow(key);
  }

  /** Synchronous, so a subclass's check-and-set cannot interleave with another caller. */
  protected readNow(key: string): string | null {
    const entry = this.values.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.clock()) {
      this.values.delete(key);
      return null;
    }
    return entry.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.values.set(key, { value, expiresAt: this.clock() + ttlSeconds * 1000 });
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }

  /** Callers for the same key run one after another; the ttl only matters across processes (Redis). */
  async withLock<T>(key: string, _ttlSeconds: number, refresh: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(refresh, refresh);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    }
  }
}
