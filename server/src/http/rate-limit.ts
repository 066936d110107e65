import type { Middleware } from 'koa';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts, type RateLimiterAbstract, type RateLimiterCompatibleAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from '@kefu/shared';
import type { KefuState } from '../http-kit/koa-state';

/** How long a Redis budget check may take before this process decides alone. */
const SHARED_STORE_TIMEOUT_MS = 200;

/**
 * Per-client request budget per minute. Redis-backed when the deployment has Redis, so N processes
 * share one budget; in memory for the embedded single process. When Redis is down or slow, each
 * process keeps its own budget in memory (the insurance limiter) and keeps answering: a limiter
 * must never turn a cache outage into every request failing. Health and metrics are exempt so a
 * probe storm cannot lock out operators.
 */
export function rateLimit(opts: { pointsPerMinute: number; redis?: Redis; keyPrefix: string; sharedStoreTimeoutMs?: number }): Middleware<KefuState> {
  const perProcess = () => new RateLimiterMemory({ points: opts.pointsPerMinute, duration: 60 });
  const limiter: RateLimiterAbstract | RateLimiterCompatibleAbstract = opts.redis
    ? new RLWrapperTimeouts({
        limiter: new RateLimiterRedis({ storeClient: opts.redis, points: opts.pointsPerMinute, duration: 60, keyPrefix: `${opts.keyPrefix}:rl` }),
        timeoutMs: opts.sharedStoreTimeoutMs ?? SHARED_STORE_TIMEOUT_MS,
        insuranceLimiter: perProcess(),
      })
    : perProcess();
  return async function rateLimitMiddleware(ctx, next) {
    if (ctx.path === '/healthz' || ctx.path === '/readyz' || ctx.path === '/metrics') return next();
    try {
      await limiter.consume(ctx.ip || 'unknown');
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw new RateLimitedError(Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection; // both stores failed (the in-memory one cannot): surface it
    }
    return next();
  };
}
