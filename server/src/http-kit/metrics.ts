import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Middleware } from 'koa';
import type { KefuState } from './koa-state';

/** Prometheus metrics of one Kefu process. A registry per process object, not the global one, so tests can build many apps. */
export class KefuMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'kefu_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly pipelineSteps = new Counter({
    name: 'kefu_pipeline_steps_total',
    help: 'Pipeline steps by step and outcome',
    labelNames: ['step', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: 'kefu_deliveries_total',
    help: 'Outbound deliveries by platform and status',
    labelNames: ['platform', 'status'] as const,
    registers: [this.registry],
  });

  /** Every statement sent to the database (transactions' BEGIN/COMMIT included): the cost the message path is measured by. */
  readonly dbQueries = new Counter({
    name: 'kefu_db_queries_total',
    help: 'Database round trips made by this process',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  middleware(): Middleware<KefuState> {
    const histogram = this.httpDuration;
    return async function metricsMiddleware(ctx, next) {
      const end = histogram.startTimer();
      try {
        await next();
      } finally {
        const route = (ctx as unknown as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
        end({ method: ctx.method, route: String(route), status: String(ctx.status) });
      }
    };
  }
}
