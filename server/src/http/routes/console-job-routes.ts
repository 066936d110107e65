import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { z } from 'zod';
import { requireRole } from '../../auth/require-role';
import { atLeast } from '../../auth/role-order';
import type { FailedJob } from '../../jobs';
import type { Runtime } from '../../runtime';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';
import { principalOf } from '../../http-kit/console-principal';

const failedQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
/** Queues are shared by all tenants, so each is read this deep before filtering to the caller's tenant. */
const SCAN_PER_QUEUE = 500;

function belongsTo(job: FailedJob, tenantId: number): boolean {
  const data = job.data as { tenantId?: unknown } | null | undefined;
  // Jobs without a tenant (system housekeeping) are not shown to any tenant's console.
  return data?.tenantId !== undefined && data.tenantId !== null && String(data.tenantId) === String(tenantId);
}

/** Failed background jobs of the caller's tenant, newest first, for operators to inspect. */
export function registerConsoleJobRoutes(router: Router<KefuState>, runtime: Pick<Runtime, 'queues'>, auth: Middleware<KefuState>): void {
  router.get('/jobs/failed', auth, requireRole(...atLeast('admin')), async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const { limit } = parseInput(failedQuery, ctx.query, 'query');
    const perQueue = await Promise.all(runtime.queues.all().map((queue) => queue.failed(SCAN_PER_QUEUE)));
    const jobs = perQueue
      .flat()
      .filter((job) => belongsTo(job, tenantId))
      .sort((a, b) => b.failedAt.localeCompare(a.failedAt))
      .slice(0, limit)
      .map((job) => ({ queue: job.queue, id: job.id, reason: job.reason, attempts: job.attempts, failedAt: job.failedAt }));
    ctx.body = { jobs };
  });
}
