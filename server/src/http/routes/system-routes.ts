import Router from '@koa/router';
import type { Runtime } from '../../runtime';
import type { KefuState } from '../../http-kit/koa-state';
import { buildOpenApiDocument } from '../openapi';

/** Liveness, readiness, metrics and the API description. */
export function createSystemRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>();
  const openApi = buildOpenApiDocument('0.1.0');

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  router.get('/readyz', async (ctx) => {
    const [database, queue, vectors] = await Promise.all([runtime.db.isReady(), runtime.queues.isReady(), runtime.vectors.heartbeat()]);
    const ready = database && queue && vectors;
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'not_ready', checks: { database, queue, vectors } };
  });

  router.get('/metrics', async (ctx) => {
    ctx.type = runtime.metrics.registry.contentType;
    ctx.body = await runtime.metrics.registry.metrics();
  });

  router.get('/openapi.json', (ctx) => {
    ctx.body = openApi;
  });

  return router;
}
