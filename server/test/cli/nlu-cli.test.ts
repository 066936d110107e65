import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The NLU contract's batch CLI (shared/spec/nlu-contract.md), run the way the evaluation tooling runs
 * it: a separate process from the repository root, on a catalog and dialogs written for this test.
 */

// The CLI trains the intent model and, on a fresh data dir, the shipped sentiment model: allow minutes.
jest.setTimeout(180_000);

const repoRoot = resolve(__dirname, '../../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runNlu(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/nlu.ts', ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end();
  });
}

const CATALOG = {
  products: [
    { sku: 'C01', name: 'iPhone 15 Pro Max', brand: 'Apple', category: '手机' },
    { sku: 'C02', name: '华为 Mate60 Pro', brand: '华为', category: '手机' },
    { sku: 'C03', name: 'Air Jordan 1 High OG', brand: 'Nike', category: '鞋靴' },
    { sku: 'C04', name: '戴森 Supersonic HD15 吹风机', brand: '戴森', category: '个护电器', aliases: ['戴森风筒'] },
    { sku: 'C05', name: '李宁 飞电 4 Elite 跑鞋', brand: '李宁', category: '鞋靴' },
    { sku: 'C06', name: '北面 1996 Nuptse 羽绒服', brand: 'The North Face', category: '服装' },
  ],
};

// Our own dialogs (not from the nlu-dev set). A blank line in the file is allowed and ignored.
const DIALOGS = [
  { id: 'shop-1', turns: ['15pm有现货吗', '续航怎么样', '谢谢'] },
  { id: 'shop-2', turns: ['续航怎么样'] },
  { id: 'order-1', turns: ['订单 e2026 1120 0012 3到哪了', '地址改成上海市浦东新区张江路88号'] },
  { id: 'empty', turns: [] },
  { id: 'odd', turns: ['', '😀😀', '<script>alert(1)</script>'] },
  { id: 'pair', turns: ['我有两单 E2026112000123 和 E2026112000456', '第二单到哪了'] },
];

const FIELDS = ['id', 'turn', 'intent', 'confidence', 'slots', 'carried', 'normalized', 'sentiment', 'needs'];

describe('npm run nlu (contract batch CLI)', () => {
  let dir: string;
  let dataDir: string;
  let catalogPath: string;
  let dialogsPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-nlu-cli-'));
    dataDir = join(dir, 'data');
    catalogPath = join(dir, 'catalog.json');
    dialogsPath = join(dir, 'dialogs.jsonl');
    await writeFile(catalogPath, JSON.stringify(CATALOG));
    const lines = DIALOGS.map((d) => JSON.stringify(d));
    lines.splice(2, 0, '');
    await writeFile(dialogsPath, `${lines.join('\n')}\n`);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('on valid input', () => {
    let run: Run;
    let rows: Record<string, unknown>[];

    beforeAll(async () => {
      run = await runNlu(['--catalog', catalogPath, '--jsonl', dialogsPath], { KEFU_DATA_DIR: dataDir });
      rows = run.stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    }, 180_000);

    it('exits 0', () => {
      expect(run.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
      expect(run.code).toBe(0);
    });

    it('prints exactly one JSON line per turn, in input order, and nothing else', () => {
      const expected = DIALOGS.flatMap((d) => d.turns.map((_, turn) => [d.id, turn]));
      // Every non-empty stdout line parsed as JSON above; the output ends with one newline.
      expect(run.stdout.endsWith('\n')).toBe(true);
      expect(run.stdout.split('\n').slice(0, -1).every((line) => line.startsWith('{') && line.endsWith('}'))).toBe(true);
      expect(rows.map((r) => [r.id, r.turn])).toEqual(expected);
    });

    it('each line has exactly the contract fields, with the contract types', () => {
      for (const row of rows) {
        expect(Object.keys(row).sort()).toEqual([...FIELDS].sort());
        expect(typeof row.id).toBe('string');
        expect(Number.isInteger(row.turn)).toBe(true);
        expect(typeof row.intent).toBe('string');
        expect(typeof row.confidence).toBe('number');
        expect(row.confidence as number).toBeGreaterThanOrEqual(0);
        expect(row.confidence as number).toBeLessThanOrEqual(1);
        expect(row.slots).toEqual(expect.any(Object));
        expect(Array.isArray(row.slots)).toBe(false);
        expect(Array.isArray(row.carried)).toBe(true);
        for (const name of row.carried as string[]) expect((row.slots as Record<string, unknown>)[name]).toBeDefined();
        expect(typeof row.normalized).toBe('string');
        expect(['negative', 'neutral', 'positive']).toContain(row.sentiment);
        expect(Array.isArray(row.needs)).toBe(true);
      }
    });

    function row(id: string, turn: number): Record<string, unknown> {
      const found = rows.find((r) => r.id === id && r.turn === turn);
      if (!found) throw new Error(`no output for ${id}#${turn}`);
      return found;
    }

    it('carries context within a dialog', () => {
      expect(row('shop-1', 0).slots).toEqual({ product: 'iPhone 15 Pro Max' });
      expect(row('shop-1', 1)).toMatchObject({ intent: 'product.spec', slots: { product: 'iPhone 15 Pro Max' }, carried: ['product'] });
      expect(row('shop-1', 2)).toMatchObject({ intent: 'thanks_bye', slots: {}, carried: [] });
      expect(row('order-1', 0)).toMatchObject({ intent: 'order.track', slots: { order_id: 'E2026112000123' } });
      expect(row('order-1', 1)).toMatchObject({
        intent: 'order.change_address',
        slots: { order_id: 'E2026112000123', address: '上海市浦东新区张江路88号' },
        carried: ['order_id'],
      });
      expect(row('pair', 1)).toMatchObject({ intent: 'order.track', slots: { order_id: 'E2026112000456' } });
    });

    it('never carries context across dialogs', () => {
      expect(row('shop-2', 0)).toMatchObject({ slots: {}, carried: [] });
    });

    it('answers odd turns (empty, emoji-only, markup) with a valid line', () => {
      expect(row('odd', 0).normalized).toBe('');
      expect(row('odd', 2).normalized).not.toContain('<script');
    });

    it('writes diagnostics to stderr only', () => {
      expect(run.stderr).toMatch(/^nlu: engine ready/m);
      expect(run.stdout).not.toMatch(/engine ready/);
    });

    it('trains on a fresh data dir and a later run with KEFU_MODEL_CACHE_DIR pointing there loads the same model', async () => {
      expect(run.stderr).toMatch(/intent model trained/);
      // Another data dir, the first run's models: the weights come from the cache and answer the same.
      const again = await runNlu(['--catalog', catalogPath, '--jsonl', dialogsPath], { KEFU_DATA_DIR: join(dir, 'other-data'), KEFU_MODEL_CACHE_DIR: join(dataDir, 'models') });
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/intent model loaded/);
      expect(again.stdout).toBe(run.stdout);
    });
  });

  describe('on bad input', () => {
    it('a missing dialogs file: non-zero exit, a clear message on stderr, nothing on stdout', async () => {
      const missing = join(dir, 'no-such-dialogs.jsonl');
      const run = await runNlu(['--catalog', catalogPath, '--jsonl', missing], { KEFU_DATA_DIR: dataDir });
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('not found');
      expect(run.stderr).toContain(missing);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });

    it('a missing catalog file: non-zero exit naming the file', async () => {
      const missing = join(dir, 'no-such-catalog.json');
      const run = await runNlu(['--catalog', missing, '--jsonl', dialogsPath], { KEFU_DATA_DIR: dataDir });
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(missing);
      expect(run.stderr).toMatch(/catalog/i);
    });

    it('a missing argument: non-zero exit with usage', async () => {
      const run = await runNlu(['--catalog', catalogPath], { KEFU_DATA_DIR: dataDir });
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('--jsonl');
    });

    it('a malformed dialogs line (not JSON): non-zero exit naming the line number', async () => {
      const path = join(dir, 'broken.jsonl');
      await writeFile(path, [JSON.stringify(DIALOGS[0]), '', '{"id":"x","turns":["你好"]', JSON.stringify(DIALOGS[1])].join('\n'));
      const run = await runNlu(['--catalog', catalogPath, '--jsonl', path], { KEFU_DATA_DIR: dataDir });
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/line 3\b/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });

    it('a dialogs line of the wrong shape: non-zero exit naming the line number and the field', async () => {
      const path = join(dir, 'wrong-shape.jsonl');
      await writeFile(path, [JSON.stringify(DIALOGS[0]), JSON.stringify({ id: 'y', turns: '你好' })].join('\n'));
      const run = await runNlu(['--catalog', catalogPath, '--jsonl', path], { KEFU_DATA_DIR: dataDir });
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/line 2\b/);
      expect(run.stderr).toContain('turns');
    });

    it('a malformed catalog: non-zero exit naming the file', async () => {
      const path = join(dir, 'bad-catalog.json');
      await writeFile(path, '{"products": [{"sku": "X1"}]}');
      const run = await runNlu(['--catalog', path, '--jsonl', dialogsPath], { KEFU_DATA_DIR: dataDir });
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(path);
      expect(run.stderr).toContain('name');
    });
  });
});
