import Router from '@koa/router';
import { miniProgramLoginBody } from '@kefu/shared';
import { loginMiniProgram } from '../../channels/miniprogram-login';
import type { Runtime } from '../../runtime';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';

/** POST /api/web/sessions/miniprogram: wx.login / tt.login code → a web session for that shopper. */
export function createMiniProgramLoginRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/web' });
  router.post('/sessions/miniprogram', async (ctx) => {
    const body = parseInput(miniProgramLoginBody, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await loginMiniProgram(runtime, body);
  });
  return router;
}
