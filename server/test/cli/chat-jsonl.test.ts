import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKefu, type RunningKefu } from '../../src/boot';
import { demoOrders } from '../../src/demo';
import { sharedTestModelDir } from '../support/test-model-cache';
import { spawnChat } from './spawn-chat';

// Booting the embedded product (SQLite, Chroma child process) takes a while.
jest.setTimeout(120_000);

/** Runs `npm run chat` the way a user would (tsx), feeding stdin and collecting the outcome. */
function runChat(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnChat(args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** A local port nothing listens on: bind a free one, then release it. */
function unusedPort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePromise(port));
    });
  });
}

describe('npm run chat -- --jsonl', () => {
  let kefu: RunningKefu;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kefu-chat-cli-'));
    kefu = await startKefu({ KEFU_DATA_DIR: dataDir, KEFU_MODEL_CACHE_DIR: sharedTestModelDir(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SENTIMENT_MODEL: 'lexicon' });
  });

  afterAll(async () => {
    await kefu?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('answers each stdin line with one JSON reply, in order, for a signed-in demo shopper', async () => {
    const { code, stdout, stderr } = await runChat(['--url', kefu.url, '--tenant', 'demo', '--shopper', 'zhangwei', '--jsonl'], '你好\n\n我的快递到哪了\n七天无理由能退吗\n');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    const replies = lines.map((line) => JSON.parse(line) as { text?: string; cards?: unknown[]; intent?: string | null; error?: string });
    for (const reply of replies) {
      expect(reply.error).toBeUndefined();
      expect(typeof reply.text).toBe('string');
      expect(Array.isArray(reply.cards)).toBe(true);
      expect(reply).toHaveProperty('intent');
    }
    const zhangweiOrders = demoOrders.filter((o) => o.shopperRef === 'zhangwei').map((o) => o.orderNo);
    expect(zhangweiOrders.length).toBeGreaterThan(0);
    expect(zhangweiOrders.some((orderNo) => replies[1].text!.includes(orderNo))).toBe(true);
    expect(replies[0].intent).toBe('greeting');
    expect(replies[1].intent).toBe('order.track');
  });

  it('exits non-zero with the server message for an unknown tenant', async () => {
    const { code, stdout, stderr } = await runChat(['--url', kefu.url, '--tenant', 'no-such-shop', '--jsonl'], '你好\n');
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('unknown tenant "no-such-shop"');
  });

  it('exits non-zero with a clear message when the server is unreachable', async () => {
    const { code, stderr } = await runChat(['--url', `http://127.0.0.1:${await unusedPort()}`, '--jsonl'], '你好\n');
    expect(code).not.toBe(0);
    expect(stderr).toContain('cannot reach Kefu');
  });

  it('refuses --shopper for tenants other than demo', async () => {
    const { code, stderr } = await runChat(['--url', kefu.url, '--tenant', 'other', '--shopper', 'zhangwei', '--jsonl'], '');
    expect(code).toBe(2);
    expect(stderr).toContain('--shopper-token');
  });
});
