import type Router from '@koa/router';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { createFrontEndRouter } from './front-end-routes';
import type { KefuState } from '../http-kit/koa-state';
import { createMiniProgramLoginRouter } from './routes/miniprogram-login-routes';
import { createWebCartRouter } from './routes/web-cart-routes';
import { createWebRatingRouter } from './routes/web-rating-routes';
import { createWebUploadRouter } from './routes/web-upload-routes';

/** Everything the shopper front-ends add to the core: mini-program sign-in, ratings, cart reports, image uploads, and the static h5 chat, widget and demo page. */
export function createShopperFrontEndRouters(deps: PipelineDeps): Router<KefuState>[] {
  const { runtime } = deps;
  return [createMiniProgramLoginRouter(runtime), createWebRatingRouter(runtime), createWebCartRouter(runtime), createWebUploadRouter(deps), createFrontEndRouter(runtime)];
}
