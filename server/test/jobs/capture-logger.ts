import pino from 'pino';
import type { Logger } from '../../src/logger';

export interface CapturedLogger {
  logger: Logger;
  /** Parsed pino lines, in order. */
  lines: Record<string, unknown>[];
}

/** A real pino logger writing into memory, so tests can assert what operators would see. */
export function captureLogger(): CapturedLogger {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

/** Poll until the check passes; the only kind of timing these tests rely on. */
export async function eventually<R>(check: () => R | Promise<R>, timeoutMs = 15_000, intervalMs = 20): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
