/**
 * One error hierarchy for the whole product. Errors are recognised by a brand property rather than
 * `instanceof`, so an error thrown by one copy of @kefu/shared is still recognised by another
 * (workspaces can end up with two copies) and by the single error middleware that maps them to HTTP.
 */
export const KEFU_ERROR_BRAND = '__kefuError' as const;

export interface KefuErrorShape {
  readonly [KEFU_ERROR_BRAND]: true;
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

export class KefuError extends Error implements KefuErrorShape {
  readonly [KEFU_ERROR_BRAND] = true as const;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends KefuError {
  constructor(message: string, details?: unknown) {
    super(400, 'invalid_request', message, details);
  }
}
export class UnauthorizedError extends KefuError {
  constructor(message = 'missing or invalid credentials') {
    super(401, 'unauthorized', message);
  }
}
export class ForbiddenError extends KefuError {
  constructor(message = 'not allowed') {
    super(403, 'forbidden', message);
  }
}
export class NotFoundError extends KefuError {
  constructor(message = 'not found') {
    super(404, 'not_found', message);
  }
}
export class ConflictError extends KefuError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}
export class PayloadTooLargeError extends KefuError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `request body exceeds ${limitBytes} bytes`);
  }
}
export class RateLimitedError extends KefuError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', `too many requests; retry after ${retryAfterSeconds}s`);
  }
}
export class UpstreamError extends KefuError {
  constructor(message: string, details?: unknown) {
    super(502, 'upstream_failed', message, details);
  }
}
export class ConfigError extends KefuError {
  constructor(message: string) {
    super(500, 'config_invalid', message);
  }
}

export function isKefuError(value: unknown): value is KefuErrorShape {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[KEFU_ERROR_BRAND] === true;
}
