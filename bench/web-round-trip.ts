import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { createConnection } from 'mysql2/promise';
import WebSocket from 'ws';
import { KefuWebClient, type WebSocketLike } from '@kefu/shared';
import { openDatabase } from '../server/src/db/database';
import { orderStatusRoundTrips, type OrderStatusFigures } from './order-status-round-trip';
import { createLogger } from '../server/src/logger';
import { cannonWechatWebhooks, sendWechatPush, startWechatBench } from './wechat-webhook-load';
import { readCounters, roundTripsPerMessage, waitForQuiet } from './db-round-trips';
import { deleteKeys } from './delete-redis-keys';

/**
 * `npm run bench`: web-channel throughput of Kefu against a bare Koa JSON endpoint measured in the
 * same run, for the embedded set-up and for MariaDB + Redis. Targets run in child processes; the
 * load (autocannon and the virtual shoppers) runs here. Only 127.0.0.1 is ever targeted.
 *
 *   - baseline:    autocannon GET on `ctx.body = {ok:true}`
 *   - accept:      autocannon POST /api/web/messages (each a new message: unique clientMessageId,
 *                  session tokens round-robin) — how fast Kefu stores and queues shopper messages
 *   - round trip:  virtual shoppers, each sending, then waiting for the bot reply on its WebSocket
 *                  before sending again — full pipeline: store, queue, understand, reply, push
 */

const repoRoot = resolve(__dirname, '..');
const MYSQL_SERVER = 'mysql://root@127.0.0.1:3306';
const MYSQL_DB = 'kefu_bench';
const REDIS_URL = 'redis://127.0.0.1:6379';

const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const MEASURE_S = seconds('BENCH_SECONDS', 6);
const CONNECTIONS = seconds('BENCH_CONNECTIONS', 32);
const SHOPPERS = seconds('BENCH_SHOPPERS', 16);
const SESSIONS = 64;
/** Messages sent one at a time to count database round trips per message. */
const COUNTED_MESSAGES = seconds('BENCH_COUNTED_MESSAGES', 20);
const REPLY_TIMEOUT_MS = 15_000;
const START_TIMEOUT_S = seconds('BENCH_START_TIMEOUT_S', 300);
/** `BENCH_ONLY=embedded-round-trip` measures just the embedded round trip (for chasing latency outliers). */
const ONLY_EMBEDDED_ROUND_TRIP = process.env.BENCH_ONLY === 'embedded-round-trip';
/** Round trips slower than this are logged with their message ids, to match them with the target's log. */
const OUTLIER_MS = seconds('BENCH_OUTLIER_MS', 2000);
const TARGET_LOG_LEVEL = process.env.BENCH_TARGET_LOG_LEVEL ?? 'error';

interface CannonFigures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}
interface RoundTripFigures {
  rps: number;
  p50: number;
  p99: number;
  completed: number;
  timeouts: number;
  /** Shopper messages that never got a bot reply, and bot replies beyond one per message, once the target is quiet. */
  lost: number;
  duplicates: number;
}
interface SetupFigures {
  name: string;
  accept?: CannonFigures;
  roundTrip?: RoundTripFigures;
  /** Signed-in shoppers asking about their own orders: verified answers with logistics. */
  orderStatus?: OrderStatusFigures;
  /** WeChat safe-mode webhooks accepted (verify + decrypt + parse + store + enqueue). */
  wechat?: CannonFigures;
  /** Database round trips per bot-answered message, request + inbound worker + outbound worker. */
  dbWeb?: number;
  dbWechat?: number;
  skipped?: string;
}

const log = (line: string) => process.stderr.write(line + '\n');

// ---- targets -------------------------------------------------------------------------------

interface Target {
  url: string;
  stop(): Promise<void>;
}

/** Starts bench/serve.ts in its own process group, so its Chroma child goes down with it. */
async function startTarget(mode: 'bare' | 'kefu', env: Record<string, string>): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join('bench', 'serve.ts'), mode], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: TARGET_LOG_LEVEL, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    // On a shared, loaded machine booting Kefu (Chroma child, language models) can take minutes.
    const timer = setTimeout(() => reject(new Error(`${mode} target did not start within ${START_TIMEOUT_S} s`)), START_TIMEOUT_S * 1000);
    child.once('exit', (code) => reject(new Error(`${mode} target exited with code ${code}`)));
    // At LOG_LEVEL info or debug the target logs to stdout too: its ready line is the one with a url,
    // and every other line is passed on so outliers can be matched with the target's log.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = readyUrl(line);
      if (url === undefined) return log(line);
      clearTimeout(timer);
      resolveUrl(url);
    });
  }).catch(async (error: unknown) => {
    killGroup(child, 'SIGKILL');
    await exited;
    throw error;
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const forced = setTimeout(() => killGroup(child, 'SIGKILL'), 20_000);
      await exited;
      clearTimeout(forced);
      killGroup(child, 'SIGTERM'); // anything it left behind in its own group
    },
  };
}

/** serve.ts prints exactly `{"url": …}` once listening; log lines (pino JSON, or not JSON at all) carry more. */
function readyUrl(line: string): string | undefined {
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    return Object.keys(parsed).length === 1 && typeof parsed.url === 'string' ? parsed.url : undefined;
  } catch {
    return undefined;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

// ---- measurements --------------------------------------------------------------------------

function figures(result: autocannon.Result): CannonFigures {
  return { rps: result['2xx'] / result.duration, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function cannonBaseline(url: string, duration = MEASURE_S): Promise<CannonFigures> {
  return figures(await autocannon({ url, connections: CONNECTIONS, duration }));
}

/** Anonymous demo-shop sessions: the clients and their bearer tokens. */
async function createSessions(url: string, count: number): Promise<{ clients: KefuWebClient[]; tokens: string[] }> {
  const clients: KefuWebClient[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const client = new KefuWebClient(url);
    tokens.push((await client.startSession('demo')).token);
    clients.push(client);
  }
  return { clients, tokens };
}

/** POST /api/web/messages as fast as autocannon can, every request a new message. */
async function cannonAccept(url: string, tokens: string[]): Promise<CannonFigures> {
  let counter = 0;
  const runId = randomBytes(4).toString('hex');
  const texts = ['你好', '七天无理由能退吗', '运费谁出', '怎么退货', '有优惠券吗'];
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: MEASURE_S,
    requests: [
      {
        method: 'POST',
        path: '/api/web/messages',
        setupRequest: (request) => {
          counter += 1;
          return {
            ...request,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[counter % tokens.length]}` },
            body: JSON.stringify({ clientMessageId: `bench-${runId}-${counter}`, text: texts[counter % texts.length] }),
          };
        },
      },
    ],
  });
  return figures(result);
}

/** Virtual shoppers in a closed loop: send, wait for the bot's reply on the socket, send again. */
async function roundTrips(url: string, shoppers: number, durationS: number): Promise<RoundTripFigures> {
  const { clients } = await createSessions(url, shoppers);
  const sockets: WebSocket[] = [];
  // One message in flight per shopper: a bot reply newer than it answers it. The newest reply id is
  // kept because the push can arrive before the POST's own response does.
  const waiting: ({ sentId: number; done: () => void } | undefined)[] = clients.map(() => undefined);
  const newestReply = clients.map(() => 0);
  const repliesSeen = clients.map(() => 0);
  const sentCount = clients.map(() => 0);
  await Promise.all(
    clients.map(
      (client, i) =>
        new Promise<void>((opened, failed) => {
          const socket = client.connect(
            (wsUrl) => {
              const ws = new WebSocket(wsUrl);
              ws.once('open', () => opened());
              ws.once('error', failed);
              sockets.push(ws);
              return ws as unknown as WebSocketLike;
            },
            (frame) => {
              if (frame.type !== 'message' || frame.message.role !== 'bot') return;
              const replyId = Number(frame.message.id);
              repliesSeen[i] += 1;
              newestReply[i] = Math.max(newestReply[i], replyId);
              const waiter = waiting[i];
              if (waiter && replyId > waiter.sentId) {
                waiting[i] = undefined;
                waiter.done();
              }
            },
          );
          void socket;
        }),
    ),
  );
  const latencies: number[] = [];
  let timeouts = 0;
  const end = Date.now() + durationS * 1000;
  const texts = ['你好', '七天无理由能退吗', '运费谁出', '怎么退货'];
  const runId = randomBytes(4).toString('hex');
  const started = Date.now();
  const startedPerf = performance.now();
  await Promise.all(
    clients.map(async (client, i) => {
      let n = 0;
      while (Date.now() < end) {
        n += 1;
        const t0 = performance.now();
        const sent = await client.send(texts[n % texts.length], `rt-${runId}-${i}-${n}`);
        const sentId = Number(sent.id);
        sentCount[i] += 1;
        const replied = await new Promise<boolean>((done) => {
          if (newestReply[i] > sentId) return done(true);
          const timer = setTimeout(() => {
            waiting[i] = undefined;
            done(false);
          }, REPLY_TIMEOUT_MS);
          waiting[i] = {
            sentId,
            done: () => {
              clearTimeout(timer);
              done(true);
            },
          };
        });
        const ms = performance.now() - t0;
        if (replied) latencies.push(ms);
        else timeouts += 1;
        if (!replied || ms > OUTLIER_MS) {
          log(`   slow round trip: ${replied ? `${Math.round(ms)} ms` : 'timed out'}, message ${sentId} (rt-${runId}-${i}-${n}), sent at +${Math.round(t0 - startedPerf)} ms`);
        }
      }
    }),
  );
  const elapsedS = (Date.now() - started) / 1000;
  // Late replies still count as delivered, not lost: wait for the target to finish what was sent.
  await waitForQuiet(url, 0, REPLY_TIMEOUT_MS * 2).catch(() => undefined);
  let lost = 0;
  let duplicates = 0;
  clients.forEach((_, i) => {
    lost += Math.max(0, sentCount[i] - repliesSeen[i]);
    duplicates += Math.max(0, repliesSeen[i] - sentCount[i]);
  });
  for (const socket of sockets) socket.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
  return { rps: latencies.length / elapsedS, p50: pct(50), p99: pct(99), completed: latencies.length, timeouts, lost, duplicates };
}

/** One shopper on its WebSocket, one message at a time: the database round trips each bot-answered message costs. */
async function webRoundTripsPerMessage(url: string): Promise<number> {
  const client = new KefuWebClient(url);
  await client.startSession('demo');
  let replies = 0;
  let onReply: (() => void) | undefined;
  const ws = await new Promise<WebSocket>((opened, failed) => {
    client.connect(
      (wsUrl) => {
        const socket = new WebSocket(wsUrl);
        socket.once('open', () => opened(socket));
        socket.once('error', failed);
        return socket as unknown as WebSocketLike;
      },
      (frame) => {
        if (frame.type !== 'message' || frame.message.role !== 'bot') return;
        replies += 1;
        onReply?.();
      },
    );
  });
  const texts = ['你好', '七天无理由能退吗', '运费谁出', '怎么退货'];
  try {
    return await roundTripsPerMessage(url, COUNTED_MESSAGES, async (i) => {
      const want = replies + 1;
      const answered = new Promise<void>((done) => (onReply = () => replies >= want && done()));
      await client.send(texts[i % texts.length]!, `count-${randomBytes(4).toString('hex')}-${i}`);
      await answered;
    });
  } finally {
    ws.close();
  }
}

/** Failed or retried pipeline steps and the worst event-loop lag tell a stall in the target from one in the load. */
async function logStallEvidence(url: string): Promise<void> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const wanted = /^(kefu_pipeline_steps_total|kefu_deliveries_total|nodejs_eventloop_lag_max_seconds|nodejs_gc_duration_seconds_(sum|count))/;
  for (const line of metrics.split('\n').filter((l) => wanted.test(l))) log(`   target metric: ${line}`);
}

/** Round trips first (they also warm the target up), then raw accept throughput, whose queued backlog is left behind. */
async function measureKefu(name: string, env: Record<string, string>): Promise<SetupFigures> {
  log(`\n== ${name}: starting Kefu…`);
  const target = await startTarget('kefu', env);
  try {
    log(`   ${target.url}; warming up…`);
    await roundTrips(target.url, 4, 2);
    log(`   round trips: ${SHOPPERS} virtual shoppers × ${MEASURE_S} s…`);
    const roundTrip = await roundTrips(target.url, SHOPPERS, MEASURE_S);
    if (ONLY_EMBEDDED_ROUND_TRIP) {
      await logStallEvidence(target.url);
      return { name, roundTrip };
    }
    log(`   order status: 6 signed-in demo shoppers asking about their own orders × ${MEASURE_S} s…`);
    const orderStatus = await orderStatusRoundTrips(target.url, MEASURE_S, REPLY_TIMEOUT_MS);
    log(`   database round trips: ${COUNTED_MESSAGES} web messages and ${COUNTED_MESSAGES} WeChat pushes, one at a time…`);
    const dbWeb = await webRoundTripsPerMessage(target.url);
    const wechatBench = await startWechatBench(target.url);
    try {
      const dbWechat = await roundTripsPerMessage(target.url, COUNTED_MESSAGES, async () => {
        const { delivered } = await readCounters(target.url);
        await sendWechatPush(target.url, wechatBench);
        await waitForQuiet(target.url, delivered + 1);
      });
      log(`   accept: autocannon POST /api/web/messages, ${CONNECTIONS} connections × ${MEASURE_S} s…`);
      const { tokens } = await createSessions(target.url, SESSIONS);
      const accept = await cannonAccept(target.url, tokens);
      log(`   wechat: autocannon POST safe-mode webhooks, ${CONNECTIONS} connections × ${MEASURE_S} s…`);
      const wechat = figures(await cannonWechatWebhooks(target.url, wechatBench, CONNECTIONS, MEASURE_S));
      return { name, roundTrip, orderStatus, accept, wechat, dbWeb, dbWechat };
    } finally {
      await wechatBench.stop();
    }
  } finally {
    log(`   stopping ${name}…`);
    await target.stop();
  }
}

// ---- set-ups ---------------------------------------------------------------------------------

async function embedded(): Promise<SetupFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kefu-bench-'));
  try {
    return await measureKefu('embedded (SQLite, in-process queues)', { KEFU_DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '10000000' });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function mariadbRedis(): Promise<SetupFigures> {
  const name = 'MariaDB + Redis (Bull queues)';
  const unreachable: string[] = [];
  try {
    const connection = await createConnection({ uri: MYSQL_SERVER, connectTimeout: 3000 });
    await connection.query(`DROP DATABASE IF EXISTS \`${MYSQL_DB}\``);
    await connection.query(`CREATE DATABASE \`${MYSQL_DB}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await connection.end();
  } catch (error) {
    unreachable.push(`MariaDB/MySQL at ${MYSQL_SERVER}: ${(error as Error).message}`);
  }
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    unreachable.push(`Redis at ${REDIS_URL}: ${(error as Error).message}`);
  }
  if (unreachable.length > 0) {
    redis.disconnect();
    const reason = `skipped, unreachable: ${unreachable.join('; ')}`;
    log(`\n== ${name}: ${reason}`);
    return { name, skipped: reason };
  }

  const databaseUrl = `${MYSQL_SERVER}/${MYSQL_DB}`;
  const prefix = `kefu-bench-${Date.now()}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'kefu-bench-'));
  try {
    // With a server database startKefu does not migrate; production runs `npm run migrate` first.
    const db = await openDatabase({ url: databaseUrl, dataDir, logger: createLogger('error'), migrate: true });
    await db.close();
    return await measureKefu(name, {
      KEFU_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      SEED_DEMO: 'true',
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      RATE_LIMIT_PER_MINUTE: '10000000',
    });
  } finally {
    await deleteKeys(redis, `${prefix}*`);
    redis.disconnect();
    await rm(dataDir, { recursive: true, force: true });
  }
}

// ---- report ----------------------------------------------------------------------------------

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const ratio = (n: number, base: number) => (Number.isFinite(n) && base > 0 ? `${((n / base) * 100).toFixed(1)}%` : '–');

function table(baseline: CannonFigures, setups: SetupFigures[]): string {
  const rows = [
    '| Set-up | Measurement | Throughput | vs bare Koa | Latency p50 / p99 |',
    '|---|---|---:|---:|---:|',
    `| bare Koa \`{ok:true}\` | GET, ${CONNECTIONS} connections | ${fmt(baseline.rps)} req/s | 100% | ${fmt(baseline.p50)} / ${fmt(baseline.p99)} ms |`,
  ];
  for (const s of setups) {
    if (s.skipped) {
      rows.push(`| ${s.name} | ${s.skipped} | | | |`);
      continue;
    }
    const a = s.accept!;
    const r = s.roundTrip!;
    const acceptNote = a.non2xx || a.errors ? ` (${a.non2xx} non-2xx, ${a.errors} errors)` : '';
    const rtNote = `${r.timeouts ? ` (${r.timeouts} timed out)` : ''}; ${r.lost} lost / ${r.duplicates} duplicate replies`;
    rows.push(`| ${s.name} | POST message accepted, ${CONNECTIONS} connections | ${fmt(a.rps)} msg/s${acceptNote} | ${ratio(a.rps, baseline.rps)} | ${fmt(a.p50)} / ${fmt(a.p99)} ms |`);
    rows.push(`| ${s.name} | full round trip (send → bot reply pushed), ${SHOPPERS} shoppers | ${fmt(r.rps, 1)} /s${rtNote} | ${ratio(r.rps, baseline.rps)} | ${fmt(r.p50)} / ${fmt(r.p99)} ms |`);
    const o = s.orderStatus;
    if (o) {
      const osNote = o.timeouts || o.wrong ? ` (${o.timeouts} timed out, ${o.wrong} not a verified logistics answer)` : '';
      rows.push(`| ${s.name} | order status round trip (订单XXX到哪了 → verified answer with logistics), ${o.shoppers} signed-in shoppers | ${fmt(o.rps, 1)} /s${osNote} | ${ratio(o.rps, baseline.rps)} | ${fmt(o.p50)} / ${fmt(o.p99)} ms |`);
    }
    if (s.wechat) {
      const w = s.wechat;
      const wNote = w.non2xx || w.errors ? ` (${w.non2xx} non-2xx, ${w.errors} errors)` : '';
      rows.push(`| ${s.name} | WeChat safe-mode webhook (verify + decrypt + parse + enqueue), ${CONNECTIONS} connections | ${fmt(w.rps)} webhooks/s${wNote} | ${ratio(w.rps, baseline.rps)} | ${fmt(w.p50)} / ${fmt(w.p99)} ms |`);
    }
    if (s.dbWeb !== undefined) rows.push(`| ${s.name} | DB round trips per bot-answered message: web POST / WeChat webhook (request + workers) | ${fmt(s.dbWeb, 1)} / ${fmt(s.dbWechat ?? NaN, 1)} | | |`);
  }
  return rows.join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  if (ONLY_EMBEDDED_ROUND_TRIP) {
    const r = (await embedded()).roundTrip!;
    process.stdout.write(`embedded round trip, ${SHOPPERS} shoppers: ${fmt(r.rps, 1)} /s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, ${r.completed} completed, ${r.timeouts} timed out\n`);
    return;
  }
  log('== baseline: bare Koa JSON endpoint');
  const bare = await startTarget('bare', {});
  let baseline: CannonFigures;
  try {
    await cannonBaseline(bare.url, 1); // warm-up
    baseline = await cannonBaseline(bare.url);
  } finally {
    await bare.stop();
  }
  log(`   ${fmt(baseline.rps)} req/s`);
  // BENCH_SETUPS=mariadb measures one set-up only (beside the same run's bare Koa), e.g. while cutting.
  const wanted = (process.env.BENCH_SETUPS ?? 'embedded,mariadb').split(',');
  const setups: SetupFigures[] = [];
  if (wanted.includes('embedded')) setups.push(await embedded());
  if (wanted.includes('mariadb')) setups.push(await mariadbRedis());
  const out = [
    '',
    `Kefu web channel vs bare Koa — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${MEASURE_S} s per measurement, load generator and target on the same host (127.0.0.1)`,
    '',
    table(baseline, setups),
    '',
    `(bench took ${Math.round((Date.now() - started) / 1000)} s)`,
  ];
  process.stdout.write(out.join('\n') + '\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
