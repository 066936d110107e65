import type { PubSub } from './pub-sub';

const TOPIC = 'channel-wake-ups';

/** What ended a wait: which look found the outcome, or the deadline. */
export type WakeUpVia = 'first_look' | 'wake_up' | 'fallback_check' | 'deadline';

/** One waiter's side of a key, opened before it first looks at the state it waits on. */
export interface WakeUpListener {
  /**
   * Resolves true as soon as the key is signalled (or at once when it was signalled since the last
   * call), false after `ms` without a signal. Either way the caller looks at the state again.
   */
  next(ms: number): Promise<boolean>;
  close(): void;
}

class KeyListener implements WakeUpListener {
  private signalled = false;
  private wake?: () => void;

  constructor(private readonly onClose: (listener: KeyListener) => void) {}

  fire(): void {
    this.signalled = true;
    this.wake?.();
  }

  next(ms: number): Promise<boolean> {
    if (this.signalled) {
      this.signalled = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve(false);
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.signalled = false;
        resolve(true);
      };
    });
  }

  close(): void {
    this.wake = undefined;
    this.onClose(this);
  }
}

/**
 * Wakes a wait in whichever process holds it (a webhook holding its response for the passive
 * reply, a send holding for that webhook's decision) instead of each polling the database or the
 * cache. Signals carry only a key; the waiter reads the state itself, so a duplicate signal is
 * harmless, and a lost one (pub/sub is best effort) only costs the waiter its slow fallback check.
 */
export class WakeUpSignal {
  private readonly listeners = new Map<string, Set<KeyListener>>();

  constructor(private readonly pubsub: PubSub) {}

  /** Subscribes this process once; wake-ups for keys nobody here waits on are dropped. */
  async start(): Promise<void> {
    await this.pubsub.subscribe(TOPIC, (key) => {
      for (const listener of this.listeners.get(key) ?? []) listener.fire();
    });
  }

  listen(key: string): WakeUpListener {
    const listener = new KeyListener((closed) => {
      const set = this.listeners.get(key);
      set?.delete(closed);
      if (set?.size === 0) this.listeners.delete(key);
    });
    const set = this.listeners.get(key) ?? new Set<KeyListener>();
    set.add(listener);
    this.listeners.set(key, set);
    return listener;
  }

  notify(key: string): Promise<void> {
    return this.pubsub.publish(TOPIC, key);
  }

  /**
   * Looks at the state with `look` until it returns a value or `deadlineMs` passes: again on every
   * wake-up for `key`, and every `fallbackMs` without one. Listening starts before the first look,
   * so a signal sent between a look and the wait that follows still ends the wait.
   */
  async waitFor<T>(key: string, look: () => Promise<T | undefined>, options: { deadlineMs: number; fallbackMs: number }): Promise<{ value: T | undefined; via: WakeUpVia }> {
    const giveUpAt = Date.now() + options.deadlineMs;
    const listener = this.listen(key);
    try {
      let via: WakeUpVia = 'first_look';
      for (;;) {
        const value = await look();
        if (value !== undefined) return { value, via };
        const left = giveUpAt - Date.now();
        if (left <= 0) return { value: undefined, via: 'deadline' };
        via = (await listener.next(Math.min(options.fallbackMs, left))) ? 'wake_up' : 'fallback_check';
      }
    } finally {
      listener.close();
    }
  }
}
