import cors from '@koa/cors';
import type { Middleware } from 'koa';
import type { KefuState } from '../http-kit/koa-state';

/** CORS only for the configured origins; other origins get no CORS headers (the browser blocks them). */
export function corsForOrigins(origins: string[]): Middleware<KefuState> {
  const allowed = new Set(origins);
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('origin');
      return allowed.has('*') || allowed.has(origin) ? origin : '';
    },
    allowHeaders: ['content-type', 'authorization', 'x-request-id', 'x-api-key'],
    exposeHeaders: ['x-request-id'],
    maxAge: 600,
  }) as unknown as Middleware<KefuState>;
}
