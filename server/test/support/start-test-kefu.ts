import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKefu, type RunningKefu } from '../../src/boot';
import { openDatabase } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { testServiceUrls } from './service-urls';
import { sharedTestModelDir } from './test-model-cache';
import { chromaUrl, freshMysqlDatabase } from './test-database';

const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

/** The production set-up for tests: a fresh MariaDB database (migrated like `npm run migrate`), Redis, the run's Chroma. */
export async function productionTestEnv(label: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const databaseUrl = await freshMysqlDatabase(label);
  const db = await openDatabase({ url: databaseUrl, dataDir: tmpdir(), logger, migrate: true });
  await db.close();
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: testServiceUrls().redis,
    // The local protocol servers standing in for WeChat, order systems, … listen on loopback.
    OUTBOUND_ALLOWED_NETWORKS: 'loopback',
    REDIS_PREFIX: `kefu-test-${label}-${process.env.JEST_WORKER_ID ?? '0'}-${Date.now()}`,
    KEFU_MODEL_CACHE_DIR: sharedTestModelDir(),
    CHROMA_URL: chromaUrl(),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    SEED_DEMO: 'true',
    JOB_BACKOFF_MS: '50',
    JOB_ATTEMPTS: '3',
    // The review-trained model is measured by its own tests; servers under test use the lexicon.
    SENTIMENT_MODEL: 'lexicon',
    ...extra,
  };
}

/** The embedded set-up for tests: SQLite and the in-process queue under a temp data dir, the run's Chroma. */
export function embeddedTestEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    KEFU_DATA_DIR: mkdtempSync(join(tmpdir(), 'kefu-test-data-')),
    OUTBOUND_ALLOWED_NETWORKS: 'loopback',
    KEFU_MODEL_CACHE_DIR: sharedTestModelDir(),
    CHROMA_URL: chromaUrl(),
    JOB_BACKOFF_MS: '50',
    JOB_ATTEMPTS: '3',
    // The review-trained model is measured by its own tests; servers under test use the lexicon.
    SENTIMENT_MODEL: 'lexicon',
    ...extra,
  };
}

export function startTestKefu(env: Record<string, string>): Promise<RunningKefu> {
  return startKefu(env, logger);
}
