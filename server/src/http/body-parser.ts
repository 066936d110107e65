import getRawBody from 'raw-body';
import type { Middleware } from 'koa';
import { PayloadTooLargeError, ValidationError } from '@kefu/shared';
import type { KefuState } from '../http-kit/koa-state';

declare module 'koa' {
  interface Request {
    /** Exact bytes received; webhook signatures are computed over these. */
    rawBody?: Buffer;
    body?: unknown;
  }
}

/**
 * Reads the body once with a size limit, keeps the raw bytes, and parses JSON with an error that
 * says where the JSON is broken. Non-JSON bodies (XML webhooks) are left raw for their adapter.
 */
export function bodyParser(defaultLimitBytes: number, largerLimits: { pathPrefix: string; bytes: number }[] = []): Middleware<KefuState> {
  return async function bodyParserMiddleware(ctx, next) {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) return next();
    const limitBytes = largerLimits.find((l) => ctx.path.startsWith(l.pathPrefix))?.bytes ?? defaultLimitBytes;
    let raw: Buffer;
    try {
      raw = await getRawBody(ctx.req, { limit: limitBytes, length: ctx.get('content-length') || undefined });
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (type === 'entity.too.large') throw new PayloadTooLargeError(limitBytes);
      throw new ValidationError(`could not read the request body: ${(error as Error).message}`);
    }
    ctx.request.rawBody = raw;
    if (raw.length > 0 && ctx.is('application/json', '+json')) {
      try {
        ctx.request.body = JSON.parse(raw.toString('utf8')) as unknown;
      } catch (error) {
        throw new ValidationError(`malformed JSON body: ${(error as Error).message}`);
      }
    }
    return next();
  };
}
