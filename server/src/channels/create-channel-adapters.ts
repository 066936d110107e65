import { PushHub, WebAdapter } from '@kefu/adapter-web';
import type { KefuConfig } from '@kefu/shared';
import type { Runtime } from '../runtime';
import { AdapterRegistry } from './adapter-registry';
import { createChannelServices, type ChannelServices } from './channel-services';
import { channelProtocols } from './channel-protocols';
import { ProtocolChannelAdapter } from './protocol-outbound';
import { PubSubBroadcaster } from './pub-sub-broadcaster';
import { LocalPubSub, RedisPubSub, type PubSub } from './pub-sub';

export interface ChannelAdapters {
  adapters: AdapterRegistry;
  hub: PushHub;
  /** Present when built with the runtime: the shared cache and network the webhook route and protocol sends use. */
  services?: ChannelServices;
  close(): Promise<void>;
}

/**
 * Registers every platform adapter. Web pushes and the channels' wake-ups go through Redis pub/sub
 * when the deployment has Redis (so a worker's reply reaches a socket or a waiting webhook held by
 * any HTTP process), in process otherwise.
 * With the runtime, every registered channel protocol (channel-protocols.ts) gets the base outbound flow.
 */
export async function createChannelAdapters(config: KefuConfig, runtime?: Runtime): Promise<ChannelAdapters> {
  const pubsub: PubSub = config.REDIS_URL ? new RedisPubSub(config.REDIS_URL, config.REDIS_PREFIX) : new LocalPubSub();
  const hub = new PushHub(new PubSubBroadcaster(pubsub));
  await hub.start();
  const adapters = new AdapterRegistry();
  adapters.register(new WebAdapter(hub));
  const services = runtime ? await createChannelServices(runtime, pubsub) : undefined;
  if (runtime && services) {
    for (const protocol of channelProtocols) adapters.register(new ProtocolChannelAdapter(protocol, runtime, services));
  }
  return { adapters, hub, services, close: () => pubsub.close() };
}
