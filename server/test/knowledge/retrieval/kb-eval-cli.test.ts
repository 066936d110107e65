import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { Tenant } from '../../../src/auth/models';
import { openDatabase } from '../../../src/db/database';
import { KnowledgeEntry } from '../../../src/knowledge/models';
import { chromaUrl } from '../../support/test-database';

jest.setTimeout(120_000);

const repoRoot = resolve(__dirname, '../../../..');

function runKbEval(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/kb-eval.ts', ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

describe('npm run kb-eval (contract CLI)', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-kb-eval-'));
    env = { KEFU_DATA_DIR: join(dir, 'data'), CHROMA_URL: chromaUrl(), DATABASE_URL: '', LOG_LEVEL: '' };
    await writeFile(
      join(dir, 'docs.jsonl'),
      [
        { id: 'd1', title: '付款后多久发货？', text: '现货商品付款后48小时内发货。' },
        { id: 'd2', title: '怎么申请退款？', text: '在订单详情点申请退款，原路退回。' },
        { id: 'd3', text: '可以开发票吗？电子普通发票在确认收货后开具。', tags: ['发票'] },
      ]
        .map((d) => JSON.stringify(d))
        .join('\n') + '\n\n',
    );
    await writeFile(join(dir, 'queries.jsonl'), ['{"id":"q1","text":"我想退钱"}', '{"id":"q2","text":"啥時候發貨"}', '{"id":"q3","text":"kai fa piao"}'].join('\n'));
    await writeFile(join(dir, 'bad.jsonl'), '{"id":"q1","text":"ok"}\n{"id":"q2",\n');
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints one JSON line per query, in order, at most k results, and removes its tenant afterwards', async () => {
    const { code, stdout, stderr } = await runKbEval(['--docs', join(dir, 'docs.jsonl'), '--queries', join(dir, 'queries.jsonl'), '--k', '2'], env);
    expect(code).toBe(0);
    expect(stderr).toContain('queries in');
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; results: { doc: string; score: number }[] });
    expect(lines.map((l) => l.id)).toEqual(['q1', 'q2', 'q3']);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['id', 'results']);
      expect(line.results.length).toBeLessThanOrEqual(2);
      for (const r of line.results) {
        expect(Object.keys(r)).toEqual(['doc', 'score']);
        expect(typeof r.score).toBe('number');
      }
      expect(new Set(line.results.map((r) => r.doc)).size).toBe(line.results.length);
    }
    expect(lines.map((l) => l.results[0]?.doc)).toEqual(['d2', 'd1', 'd3']);

    const db = await openDatabase({ url: undefined, dataDir: env.KEFU_DATA_DIR, logger: pino({ level: 'silent' }), migrate: false });
    try {
      const tenants = await Tenant.findAll();
      expect(tenants.filter((t) => t.key.startsWith('kb-eval-'))).toEqual([]);
      expect(await KnowledgeEntry.count({ where: { tenantId: 1 } })).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('fails with a clear message naming the line of a malformed file, printing nothing on stdout', async () => {
    const { code, stdout, stderr } = await runKbEval(['--docs', join(dir, 'docs.jsonl'), '--queries', join(dir, 'bad.jsonl')], env);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${join(dir, 'bad.jsonl')}:2`);
  });

  it('fails clearly on a missing file and on missing arguments', async () => {
    const missing = await runKbEval(['--docs', join(dir, 'nope.jsonl'), '--queries', join(dir, 'queries.jsonl')], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('nope.jsonl');
    const usage = await runKbEval(['--docs', join(dir, 'docs.jsonl')], env);
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toContain('usage');
  });
});
