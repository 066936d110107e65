import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../..');

/** Starts `npm run chat` the way a user would (tsx from the repo root), stdout and stderr as UTF-8 text. */
export function spawnChat(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/chat.ts', ...args], { cwd: repoRoot, env: { ...process.env, PORT: '' }, stdio: 'pipe' });
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  return child;
}
