import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { LocalWechatApi } from '../adapters/wechat/test/local-wechat-api';
import { startKefu, type RunningKefu } from '../server/src/boot';
import { openDatabase } from '../server/src/db/database';
import { createLogger } from '../server/src/logger';
import { deleteKeys } from './delete-redis-keys';
import { createWechatAccount, signedPush } from './wechat-webhook-load';

/**
 * `npm run bench:passive`: WeChat Official Account pushes with passive replies on, so each webhook
 * holds its HTTP response until the pipeline's reply is ready (or the 4.5 s deadline passes). It
 * reports the webhook's response time, how many replies went back in the response, and the database
 * queries per webhook (the whole pipeline's, counted in process), for the embedded set-up and for
 * MariaDB + Redis. Kefu runs in this process so its queries can be counted; only 127.0.0.1 is used.
 */
const SEQUENTIAL = Number(process.env.BENCH_PASSIVE_SEQUENTIAL ?? 30);
const STREAMS = Number(process.env.BENCH_PASSIVE_STREAMS ?? 8);
const PER_STREAM = Number(process.env.BENCH_PASSIVE_PER_STREAM ?? 10);
const TEXTS = ['你好', '七天无理由能退吗', '运费谁出', '怎么退货', '有优惠券吗'];
const MYSQL_SERVER = 'mysql://root@127.0.0.1:3306';
const log = (line: string) => process.stderr.write(line + '\n');

interface PassiveFigures {
  webhooks: number;
  passive: number;
  p50: number;
  p99: number;
  queriesPerWebhook: number;
}

async function measure(kefu: RunningKefu, webhookUrl: string, streams: number, perStream: number): Promise<PassiveFigures> {
  let queries = 0;
  const count = () => void (queries += 1);
  kefu.runtime.db.sequelize.addHook('afterQuery', 'bench-count', count);
  const latencies: number[] = [];
  let passive = 0;
  const runId = randomBytes(3).readUIntBE(0, 3);
  try {
    await Promise.all(
      Array.from({ length: streams }, async (_, stream) => {
        for (let i = 0; i < perStream; i += 1) {
          const push = signedPush(`o-passive-${stream}`, `${runId}${stream}${String(i).padStart(6, '0')}`, TEXTS[i % TEXTS.length]!);
          const started = performance.now();
          const response = await fetch(webhookUrl + push.path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: push.body });
          const body = await response.text();
          latencies.push(performance.now() - started);
          if (response.status === 200 && body !== 'success') passive += 1;
        }
      }),
    );
  } finally {
    kefu.runtime.db.sequelize.removeHook('afterQuery', 'bench-count');
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { webhooks: latencies.length, passive, p50: pct(50), p99: pct(99), queriesPerWebhook: queries / latencies.length };
}

async function measureSetup(name: string, env: Record<string, string>): Promise<string[]> {
  log(`== ${name}: starting Kefu…`);
  const api = new LocalWechatApi();
  await api.start();
  const kefu = await startKefu({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '10000000', ...env });
  try {
    const webhookUrl = kefu.url + (await createWechatAccount(kefu.url, api.url, true));
    log('   warming up…');
    await measure(kefu, webhookUrl, 1, 5);
    log(`   ${SEQUENTIAL} pushes one after another…`);
    const one = await measure(kefu, webhookUrl, 1, SEQUENTIAL);
    log(`   ${STREAMS} shoppers × ${PER_STREAM} pushes at once…`);
    const many = await measure(kefu, webhookUrl, STREAMS, PER_STREAM);
    const row = (label: string, f: PassiveFigures) =>
      `| ${name} | ${label} | ${f.passive}/${f.webhooks} | ${f.p50.toFixed(0)} / ${f.p99.toFixed(0)} ms | ${f.queriesPerWebhook.toFixed(1)} |`;
    return [row('1 shopper, sequential', one), row(`${STREAMS} shoppers at once`, many)];
  } finally {
    await kefu.stop();
    await api.stop();
  }
}

async function main(): Promise<void> {
  const rows: string[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'kefu-bench-passive-'));
  try {
    rows.push(...(await measureSetup('embedded (SQLite, in-process queues)', { KEFU_DATA_DIR: dataDir })));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const database = 'kefu_bench_passive';
  const connection = await createConnection({ uri: MYSQL_SERVER, connectTimeout: 3000 });
  await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await connection.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await connection.end();
  const serverDataDir = await mkdtemp(join(tmpdir(), 'kefu-bench-passive-'));
  const prefix = `kefu-bench-passive-${Date.now()}`;
  try {
    const databaseUrl = `${MYSQL_SERVER}/${database}`;
    const db = await openDatabase({ url: databaseUrl, dataDir: serverDataDir, logger: createLogger('error'), migrate: true });
    await db.close();
    rows.push(
      ...(await measureSetup('MariaDB + Redis (Bull queues)', {
        KEFU_DATA_DIR: serverDataDir,
        DATABASE_URL: databaseUrl,
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_PREFIX: prefix,
        SEED_DEMO: 'true',
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        SESSION_SECRET: randomBytes(32).toString('hex'),
      })),
    );
  } finally {
    await rm(serverDataDir, { recursive: true, force: true });
    const redis = new Redis('redis://127.0.0.1:6379');
    await deleteKeys(redis, `${prefix}*`);
    redis.disconnect();
  }
  const load = loadavg().map((n) => n.toFixed(2)).join(' ');
  process.stdout.write(
    [
      '',
      `WeChat passive replies — ${new Date().toISOString()}, Node ${process.version}, load average ${load} (1/5/15 min)`,
      '',
      '| Set-up | Pushes | Answered in the response | Webhook response p50 / p99 | DB queries per webhook (whole pipeline) |',
      '|---|---|---:|---:|---:|',
      ...rows,
      '',
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
