import type { Middleware } from 'koa';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from '@kefu/shared';
import type { KefuState } from '../http-kit/koa-state';

/**
 * Per-client request budget per minute. Redis-backed when the deployment has Redis, so N processes
 * share one budget; in memory for the embedded single process. Health and metrics are exempt so a
 * probe storm cannot lock out operators.
 */
export function rateLimit(opts: { pointsPerMinute: number; redis?: Redis; keyPrefix: string }): Middleware<KefuState> {
  const limiter: RateLimiterAbstract = opts.redis
    ? new RateLimiterRedis({ storeClient: opts.redis, points: opts.pointsPerMinute, duration: 60, keyPrefix: `${opts.keyPrefix}:rl` })
    : new RateLimiterMemory({ points: opts.pointsPerMinute, duration: 60 });
  return async function rateLimitMiddleware(ctx, next) {
    if (ctx.path === '/healthz' || ctx.path === '/readyz' || ctx.path === '/metrics') return next();
    try {
      await limiter.consume(ctx.ip || 'unknown');
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw new RateLimitedError(Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection; // the store itself failed: surface it rather than silently allowing or denying
    }
    return next();
  };
}
