import type Router from '@koa/router';
import { registerPlatformEventHandler } from '../channels/platform-event-handlers';
import type { KefuState } from '../http-kit/koa-state';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { createDeskEventHandler } from './desk-event-handler';
import { createAgentDeskRouter } from './agent-desk-routes';
import { createVipBindingHandler } from './vip-binding-handler';

/**
 * Plugs the agent desk into the channel core: Lark events (card clicks, thread replies) go to the
 * desk, Wechaty binding codes to the VIP binding, and its console routes (Lark agent links, VIP binding codes) are returned for the app to mount.
 */
export function installAgentDesk(deps: PipelineDeps): Router<KefuState> {
  registerPlatformEventHandler('lark', createDeskEventHandler(deps));
  registerPlatformEventHandler('wechaty', createVipBindingHandler(deps));
  return createAgentDeskRouter(deps.runtime);
}
