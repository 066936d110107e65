import type { Middleware } from 'koa';
import { isKefuError, RateLimitedError } from '@kefu/shared';
import type { KefuState } from '../http-kit/koa-state';

/**
 * The one place errors become HTTP answers. Kefu errors carry their status and a reason the caller
 * can act on; anything else is logged with its stack and answered with a generic 500.
 */
export function errorHandler(): Middleware<KefuState> {
  return async function errorHandlerMiddleware(ctx, next) {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { code: 'not_found', message: `no route for ${ctx.method} ${ctx.path}` } };
      }
    } catch (error) {
      if (isKefuError(error)) {
        ctx.status = error.status;
        ctx.body = { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
        if (error instanceof RateLimitedError) ctx.set('Retry-After', String(error.retryAfterSeconds));
        if (error.status >= 500) ctx.state.logger?.error({ err: error }, 'request failed');
        return;
      }
      ctx.state.logger?.error({ err: error }, 'unhandled error');
      ctx.status = 500;
      ctx.body = { error: { code: 'internal_error', message: 'internal server error', requestId: ctx.state.requestId } };
    }
  };
}
