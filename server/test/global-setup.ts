import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import Redis from 'ioredis';
import { createLogger } from '../src/logger';
import { startChromaProcess, type ChromaProcess } from '../src/vectors/chroma-process';
import { testServiceUrls } from './support/service-urls';

declare global {
  var kefuTestChroma: ChromaProcess | undefined;
}

/**
 * Finds MariaDB/MySQL and Redis at their usual local addresses and starts one Chroma server for the
 * run (unless TEST_CHROMA_URL names one). Where MariaDB or Redis is unreachable the suite says so
 * loudly and the tests that need it are skipped, except under CI=true where that is a failure.
 */
export default async function globalSetup(): Promise<void> {
  const urls = testServiceUrls();
  const missing: string[] = [];
  try {
    const connection = await createConnection({ uri: urls.mysql, connectTimeout: 3000 });
    await connection.end();
  } catch (error) {
    missing.push(`MariaDB/MySQL at ${urls.mysql} (${(error as Error).message})`);
  }
  const redis = new Redis(urls.redis, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    missing.push(`Redis at ${urls.redis} (${(error as Error).message})`);
  } finally {
    redis.disconnect();
  }
  if (missing.length > 0) {
    const banner = `\n${'!'.repeat(78)}\n  UNREACHABLE: ${missing.join('\n  UNREACHABLE: ')}\n  Tests that need these services are SKIPPED.\n${'!'.repeat(78)}\n`;
    if (process.env.CI === 'true') throw new Error(`CI=true and required services are unreachable:${banner}`);
    process.stderr.write(banner);
  }
  process.env.KEFU_TEST_MYSQL_OK = missing.some((m) => m.startsWith('MariaDB')) ? '0' : '1';
  process.env.KEFU_TEST_REDIS_OK = missing.some((m) => m.startsWith('Redis')) ? '0' : '1';

  if (!process.env.TEST_CHROMA_URL) {
    const chroma = await startChromaProcess({ dataDir: mkdtempSync(join(tmpdir(), 'kefu-test-chroma-')), port: 0, logger: createLogger('warn') });
    globalThis.kefuTestChroma = chroma;
    process.env.TEST_CHROMA_URL = chroma.url;
  }
}
