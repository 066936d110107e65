import Redis from 'ioredis';
import type { KefuConfig } from '@kefu/shared';
import { EventRecorder } from './analytics/event-recorder';
import { AuditLog } from './auth/audit-log';
import { openDatabase, type Database } from './db/database';
import { KefuMetrics } from './http-kit/metrics';
import { createQueueSet, type QueueSet } from './jobs';
import type { Logger } from './logger';
import { FieldCipher } from './privacy/field-cipher';
import { loadSecrets, type Secrets } from './privacy/load-secrets';
import { startChromaProcess } from './vectors/chroma-process';
import { VectorStore } from './vectors/vector-store';
import { outboundPolicy, setOutboundPolicy } from './network/outbound-policy';
import { join } from 'node:path';

/** The long-lived parts of one Kefu process, built once at boot and handed to every module. */
export interface Runtime {
  config: KefuConfig;
  logger: Logger;
  /** True when running on the embedded defaults (SQLite, in-process queues, Chroma child). */
  embedded: boolean;
  db: Database;
  queues: QueueSet;
  vectors: VectorStore;
  /** Shared Redis connection for rate limits and WebSocket fan-out; absent when embedded. */
  redis?: Redis;
  cipher: FieldCipher;
  secrets: Secrets;
  metrics: KefuMetrics;
  events: EventRecorder;
  audit: AuditLog;
  close(): Promise<void>;
}

export async function createRuntime(config: KefuConfig, logger: Logger): Promise<Runtime> {
  const serverDatabase = Boolean(config.DATABASE_URL && !config.DATABASE_URL.startsWith('sqlite:'));
  const embedded = !serverDatabase && !config.REDIS_URL;
  const secrets = loadSecrets(config, !serverDatabase);
  setOutboundPolicy(outboundPolicy(config.OUTBOUND_ALLOWED_NETWORKS));
  const closers: (() => Promise<void>)[] = [];
  try {
    // Production migrates with `npm run migrate` before rolling out; the embedded set-up migrates at boot.
    const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.KEFU_DATA_DIR, logger, migrate: !serverDatabase });
    closers.push(() => db.close());

    const queues = createQueueSet({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, attempts: config.JOB_ATTEMPTS, backoffMs: config.JOB_BACKOFF_MS, logger });
    closers.push(() => queues.closeAll());

    let chromaUrl = config.CHROMA_URL;
    if (!chromaUrl) {
      const chroma = await startChromaProcess({ dataDir: join(config.KEFU_DATA_DIR, 'chroma'), port: config.CHROMA_PORT, logger });
      closers.push(() => chroma.stop());
      chromaUrl = chroma.url;
    }
    const vectors = new VectorStore(chromaUrl, { logger });

    let redis: Redis | undefined;
    if (config.REDIS_URL) {
      // No offline queue: rate limiting must fail fast rather than pile requests up while Redis is down.
      const client = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 2 });
      closers.push(async () => void client.disconnect());
      await waitForReady(client);
      redis = client;
    }

    const metrics = new KefuMetrics();
    // Counted per statement, so the bench and the pipeline's ceiling test see every round trip a message causes.
    db.sequelize.addHook('afterQuery', () => metrics.dbQueries.inc());
    return {
      config,
      logger,
      embedded,
      db,
      queues,
      vectors,
      redis,
      cipher: new FieldCipher(secrets.encryptionKey),
      secrets,
      metrics,
      events: new EventRecorder(logger),
      audit: new AuditLog(),
      close: () => closeAll(closers, logger),
    };
  } catch (error) {
    await closeAll(closers, logger);
    throw error;
  }
}

/** Closes in reverse order of opening: queues drain before the database they write to closes. */
async function closeAll(closers: (() => Promise<void>)[], logger: Logger): Promise<void> {
  for (const close of [...closers].reverse()) {
    try {
      await close();
    } catch (error) {
      logger.warn({ err: error }, 'error while shutting down');
    }
  }
}

function waitForReady(client: Redis, timeoutMs = 10_000): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis not ready after ${timeoutMs} ms`)), timeoutMs);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
