import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startKefu } from '../server/src/boot';
import { createLogger } from '../server/src/logger';

/**
 * `npm run eval:dialogs [-- --set DIR]`: boots a fresh embedded Kefu (temp data dir, demo shop
 * seeded, a free port), runs the workplace's end-to-end dialog scorer
 * (`../shared/tools/eval-dialogs.mjs`) against it and stops it. The set defaults to
 * `../shared/data/dialogs-dev`; `--set bench/dialogs/odd` scores the project's own set. Dialogs change
 * orders, so every run starts from a fresh seed.
 */
const repoRoot = resolve(__dirname, '..');
const scorer = resolve(repoRoot, '..', 'shared', 'tools', 'eval-dialogs.mjs');

function readSetArgument(argv: string[]): string {
  const at = argv.indexOf('--set');
  return at >= 0 && argv[at + 1] ? resolve(process.cwd(), argv[at + 1]) : resolve(repoRoot, '..', 'shared', 'data', 'dialogs-dev');
}

function runScorer(url: string, set: string): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [scorer, '--base', url, '--set', set, '--project', repoRoot], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', fail);
    child.once('exit', (code) => done(code ?? 1));
  });
}

async function main(): Promise<number> {
  const set = readSetArgument(process.argv.slice(2));
  if (!existsSync(scorer)) {
    process.stdout.write(`eval:dialogs skipped: ${scorer} is absent (the workplace's ../shared folder is not beside this checkout)\n`);
    return 0;
  }
  if (!existsSync(join(set, 'dialogs.jsonl'))) {
    process.stderr.write(`eval:dialogs: no dialogs.jsonl in ${set}\n`);
    return 2;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-eval-dialogs-'));
  const kefu = await startKefu(
    {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      KEFU_DATA_DIR: dataDir,
      // Trained weights are validated by fingerprint, so runs share them instead of retraining.
      KEFU_MODEL_CACHE_DIR: process.env.KEFU_MODEL_CACHE_DIR ?? join(tmpdir(), 'kefu-eval-dialogs-models'),
      SEED_DEMO: 'true',
      DEMO_PROACTIVE: 'false',
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
    },
    createLogger(process.env.LOG_LEVEL ?? 'error'),
  );
  try {
    process.stdout.write(`eval:dialogs: ${set} against ${kefu.url}\n`);
    return await runScorer(kefu.url, set);
  } finally {
    await kefu.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`eval:dialogs failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
