import pino, { type Logger } from 'pino';
import { maskSensitiveText } from './privacy/mask';

export type { Logger };

/** Masks every string in a log object (messages of errors and stacks included), to a bounded depth. */
function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSensitiveText(value);
  // Errors keep their message and stack in non-enumerable properties: serialise before walking.
  if (value instanceof Error) return maskDeep(pino.stdSerializers.err(value), depth + 1);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, maskDeep(item, depth + 1)]));
}

/**
 * Structured JSON logs. Phone numbers and addresses never reach a log line: known fields are
 * redacted by path, error objects are serialised and then masked like every other value, and string
 * messages pass through the same masking used for LLM prompts.
 */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'kefu', ...base },
    redact: {
      paths: ['phone', '*.phone', 'address', '*.address', '*.*.phone', '*.*.address', 'password', '*.password', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization'],
      censor: '[masked]',
    },
    formatters: { log: (object) => maskDeep(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === 'string' ? maskSensitiveText(arg) : arg instanceof Error ? maskDeep(arg) : arg)) as typeof args;
        method.apply(this, masked);
      },
    },
  });
}
