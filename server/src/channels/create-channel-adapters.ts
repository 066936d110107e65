import { LocalBroadcaster, PushHub, WebAdapter, type FrameBroadcaster } from '@kefu/adapter-web';
import type { KefuConfig } from '@kefu/shared';
import { AdapterRegistry } from './adapter-registry';
import { RedisBroadcaster } from './redis-broadcaster';

export interface ChannelAdapters {
  adapters: AdapterRegistry;
  hub: PushHub;
  close(): Promise<void>;
}

/**
 * Registers every platform adapter. Web pushes go through Redis pub/sub when the deployment has
 * Redis (so a worker's reply reaches a socket held by any HTTP process), in process otherwise.
 */
export async function createChannelAdapters(config: KefuConfig): Promise<ChannelAdapters> {
  const broadcaster: FrameBroadcaster = config.REDIS_URL ? new RedisBroadcaster(config.REDIS_URL, config.REDIS_PREFIX) : new LocalBroadcaster();
  const hub = new PushHub(broadcaster);
  await hub.start();
  const adapters = new AdapterRegistry();
  adapters.register(new WebAdapter(hub));
  return { adapters, hub, close: () => broadcaster.close() };
}
