import type { AdapterRegistry } from '../channels/adapter-registry';
import type { ChannelServices } from '../channels/channel-services';
import type { NluService } from '../nlu/nlu-service';
import type { Understander } from '../nlu/understander';
import type { Runtime } from '../runtime';

/** What every pipeline step receives: the runtime, the adapter registry and the current understanding engine. */
export interface PipelineDeps {
  runtime: Runtime;
  adapters: AdapterRegistry;
  understander: Understander;
  /** Per-tenant engines, for the console's parse API and merchant intents; absent when understanding is not the engine. */
  nlu?: NluService;
  /** The channel core's shared cache and network (webhooks, protocol sends); absent in processes built without it. */
  channels?: ChannelServices;
}
