import pino, { type Logger } from 'pino';
import { maskSensitiveText } from './privacy/mask';

export type { Logger };

/**
 * Structured JSON logs. Phone numbers and addresses never reach a log line: known fields are
 * redacted by path, and every string message passes through the same masking used for LLM prompts.
 */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'kefu', ...base },
    redact: {
      paths: ['phone', '*.phone', 'address', '*.address', '*.*.phone', '*.*.address', 'password', '*.password', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization'],
      censor: '[masked]',
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === 'string' ? maskSensitiveText(arg) : arg)) as typeof args;
        method.apply(this, masked);
      },
    },
  });
}
