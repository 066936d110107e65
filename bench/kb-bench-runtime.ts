import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig } from '@kefu/shared';
import { createEmbedder } from '../server/src/knowledge/retrieval/create-embedder';
import type { Embedder } from '../server/src/knowledge/retrieval/embedder';
import { createRuntime, type Runtime } from '../server/src/runtime';

/**
 * Runs a knowledge benchmark against the server's runtime and embedder, configured as the server
 * would be, but quiet (logs to stderr at warn) and without workers. Without KEFU_DATA_DIR it uses a
 * temporary directory, so a developer's ./data is not touched.
 */
export async function withKbBenchRuntime<R>(work: (runtime: Runtime, embedder: Embedder) => Promise<R>): Promise<R> {
  const tempDir = process.env.KEFU_DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'kefu-bench-kb-'));
  const env = { ...process.env, KEFU_DATA_DIR: process.env.KEFU_DATA_DIR ?? tempDir, LOG_LEVEL: process.env.LOG_LEVEL || 'warn', RUN_WORKERS: 'false' };
  const config = parseConfig(env);
  const logger = pino({ level: config.LOG_LEVEL }, pino.destination(2));
  const runtime = await createRuntime(config, logger);
  try {
    return await work(runtime, await createEmbedder(config));
  } finally {
    await runtime.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

/** Runs a benchmark's main and exits with its outcome (the runtime's pools would otherwise keep the process alive). */
export function runBench(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
