import Router from '@koa/router';
import type { NluService } from '../../nlu/nlu-service';
import type { Runtime } from '../../runtime';
import type { KefuState } from '../../http-kit/koa-state';
import { buildOpenApiDocument } from '../openapi';

/**
 * Liveness, readiness, metrics and the API description. Readiness also lists the understanding
 * models this process runs on (informational: a missing sentiment model degrades, it does not stop).
 */
export function createSystemRouter(runtime: Runtime, nlu?: NluService): Router<KefuState> {
  const router = new Router<KefuState>();
  const openApi = buildOpenApiDocument('0.1.0');

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  router.get('/readyz', async (ctx) => {
    const [database, queue, vectors] = await Promise.all([runtime.db.isReady(), runtime.queues.isReady(), runtime.vectors.heartbeat()]);
    const ready = database && queue && vectors;
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'not_ready', checks: { database, queue, vectors }, ...(nlu ? { models: nlu.modelStatus() } : {}) };
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
