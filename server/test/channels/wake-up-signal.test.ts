import Redis from 'ioredis';
import { LocalPubSub, RedisPubSub, type PubSub } from '../../src/channels/pub-sub';
import { WakeUpSignal } from '../../src/channels/wake-up-signal';
import { testServiceUrls } from '../support/service-urls';
import { redisAvailable } from '../support/test-database';

jest.setTimeout(30_000);

/** Long enough that only a wake-up can end a wait within a test's time. */
const NEVER_MS = 60_000;

/** A `look` the test drives: undefined until `settle`, and a promise for each look taken. */
function controlledState<T>() {
  let value: T | undefined;
  let looks = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  return {
    look: async () => {
      looks += 1;
      for (const waiter of waiters.filter((w) => w.count <= looks)) waiter.resolve();
      return value;
    },
    settle: (next: T) => void (value = next),
    /** Resolves once `count` looks have been taken. */
    looked: (count: number) => new Promise<void>((resolve) => (looks >= count ? resolve() : waiters.push({ count, resolve }))),
  };
}

/** Two processes of one deployment: the waiter's signal and the notifier's, over their own pub/subs. */
function wakeUpContract(name: string, pair: () => Promise<{ waiter: PubSub; notifier: PubSub; close(): Promise<void> }>) {
  describe(name, () => {
    let close: () => Promise<void>;
    let waiter: WakeUpSignal;
    let notifier: WakeUpSignal;
    beforeEach(async () => {
      const pubsubs = await pair();
      close = pubsubs.close;
      waiter = new WakeUpSignal(pubsubs.waiter);
      notifier = new WakeUpSignal(pubsubs.notifier);
      await waiter.start();
      await notifier.start();
    });
    afterEach(() => close());

    it('a wake-up from the other process ends the wait with a fresh look', async () => {
      const state = controlledState<string>();
      const waiting = waiter.waitFor('order-1', state.look, { deadlineMs: NEVER_MS, fallbackMs: NEVER_MS });
      await state.looked(1);
      state.settle('ready');
      await notifier.notify('order-1');
      await expect(waiting).resolves.toEqual({ value: 'ready', via: 'wake_up' });
    });

    it('without a wake-up, the fallback check still finds the change', async () => {
      const state = controlledState<string>();
      const waiting = waiter.waitFor('order-2', state.look, { deadlineMs: NEVER_MS, fallbackMs: 50 });
      await state.looked(1);
      state.settle('ready');
      await expect(waiting).resolves.toEqual({ value: 'ready', via: 'fallback_check' });
    });

    it('a wake-up for another key does not end the wait; the deadline does, after a last look', async () => {
      const state = controlledState<string>();
      const waiting = waiter.waitFor('order-3', state.look, { deadlineMs: 300, fallbackMs: NEVER_MS });
      await state.looked(1);
      await notifier.notify('order-4');
      await expect(waiting).resolves.toEqual({ value: undefined, via: 'deadline' });
    });

    it('a change already there is taken on the first look', async () => {
      const state = controlledState<string>();
      state.settle('ready');
      await expect(waiter.waitFor('order-5', state.look, { deadlineMs: NEVER_MS, fallbackMs: NEVER_MS })).resolves.toEqual({ value: 'ready', via: 'first_look' });
    });

    it('a wake-up that arrives between a look and the wait is not lost', async () => {
      const listener = waiter.listen('order-6');
      try {
        await notifier.notify('order-6');
        // The signal is in flight (Redis) or already delivered (in process): next() must see it either way.
        await expect(listener.next(NEVER_MS)).resolves.toBe(true);
        // Consumed: the next wait times out rather than waking on the same signal twice.
        await expect(listener.next(50)).resolves.toBe(false);
      } finally {
        listener.close();
      }
    });
  });
}

describe('WakeUpSignal', () => {
  wakeUpContract('in process (embedded)', async () => {
    const local = new LocalPubSub();
    return { waiter: local, notifier: local, close: () => local.close() };
  });

  (redisAvailable ? wakeUpContract : describe.skip)('across processes over Redis pub/sub', async () => {
    const prefix = `kefu-test-wake-${process.env.JEST_WORKER_ID ?? '0'}-${Date.now()}`;
    const waiter = new RedisPubSub(testServiceUrls().redis, prefix);
    const notifier = new RedisPubSub(testServiceUrls().redis, prefix);
    return {
      waiter,
      notifier,
      close: async () => {
        await waiter.close();
        await notifier.close();
      },
    };
  });

  (redisAvailable ? it : it.skip)('keeps the WebSocket fan-out on its old Redis channel, so processes of the previous release still hear each other', async () => {
    const prefix = `kefu-test-frames-${process.env.JEST_WORKER_ID ?? '0'}-${Date.now()}`;
    const pubsub = new RedisPubSub(testServiceUrls().redis, prefix);
    const publisher = new Redis(testServiceUrls().redis);
    try {
      const received = new Promise<string>((resolve) => void pubsub.subscribe('web-frames', resolve));
      // Subscribing is asynchronous on the server; publish until someone is listening.
      const deadline = Date.now() + 10_000;
      while ((await publisher.publish(`${prefix}:web-frames`, 'frame')) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await expect(received).resolves.toBe('frame');
    } finally {
      publisher.disconnect();
      await pubsub.close();
    }
  });
});
