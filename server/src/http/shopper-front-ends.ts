import type Router from '@koa/router';
import type { Runtime } from '../runtime';
import { createFrontEndRouter } from './front-end-routes';
import type { KefuState } from './koa-state';
import { createMiniProgramLoginRouter } from './routes/miniprogram-login-routes';
import { createWebRatingRouter } from './routes/web-rating-routes';

/** Everything the shopper front-ends add to the core: mini-program sign-in, ratings, and the static h5 chat, widget and demo page. */
export function createShopperFrontEndRouters(runtime: Runtime): Router<KefuState>[] {
  return [createMiniProgramLoginRouter(runtime), createWebRatingRouter(runtime), createFrontEndRouter(runtime)];
}
