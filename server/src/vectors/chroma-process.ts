import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from '../logger';

export interface ChromaProcessOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
}

export interface ChromaProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. Safe to call twice. */
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 200;
const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_LINES = 30;
// eslint-disable-next-line no-control-regex -- the CLI prints a coloured banner; logs want plain text
const ANSI_ESCAPES = /\u001b\[[0-9;]*m/g;

/**
 * The CLI of the chromadb npm package. Its package.json "exports" does not expose
 * `chromadb/package.json`, so when that resolution is refused we walk up from the main entry.
 */
function resolveChromaCli(): string {
  let packageJsonPath: string | undefined;
  try {
    packageJsonPath = require.resolve('chromadb/package.json');
  } catch {
    let dir = dirname(require.resolve('chromadb'));
    while (dir !== dirname(dir)) {
      const candidate = join(dir, 'package.json');
      if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'chromadb') {
        packageJsonPath = candidate;
        break;
      }
      dir = dirname(dir);
    }
  }
  if (!packageJsonPath) throw new Error('cannot find the chromadb package (is it installed?)');
  const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin?.chroma ?? 'dist/cli.mjs');
  const cli = join(dirname(packageJsonPath), bin);
  if (!existsSync(cli)) throw new Error(`chromadb CLI not found at ${cli}`);
  return cli;
}

/** Chroma cannot report the port it bound when given 0, so we find a free one and hand it over. */
async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

async function heartbeatOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(2_000) });
    // Drain the body so the socket is released.
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolveExit(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolveExit(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Runs Chroma from the npm package as a child process, for the embedded set-up where no CHROMA_URL
 * is configured. Resolves once the heartbeat answers; rejects (with the child's last output lines)
 * if it exits first or does not answer within 60 s.
 */
export async function startChromaProcess(opts: ChromaProcessOptions): Promise<ChromaProcess> {
  const logger = opts.logger.child({ component: 'chroma' });
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = opts.port === 0 ? await findFreePort() : opts.port;
  const url = `http://127.0.0.1:${port}`;
  const cli = resolveChromaCli();

  const child = spawn(process.execPath, [cli, 'run', '--path', dataDir, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  logger.info({ childPid: child.pid, port, dataDir }, 'starting chroma child process');

  const tail: string[] = [];
  const capture = (stream: NodeJS.ReadableStream | null, name: string): void => {
    if (!stream) return;
    createInterface({ input: stream }).on('line', (raw) => {
      const line = raw.replace(ANSI_ESCAPES, '').trimEnd();
      if (!line.trim()) return;
      tail.push(line);
      if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
      logger.debug({ stream: name }, line);
    });
  };
  capture(child.stdout, 'stdout');
  capture(child.stderr, 'stderr');

  // Best effort against orphans: a parent that exits (normally or via process.exit) takes the child
  // down. A SIGKILLed parent cannot run this; the child then lives until someone kills it.
  const killOnParentExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killOnParentExit);

  let stopping = false;
  // Before ready, an exit is reported by the rejected start-up promise; logging it too would say it twice.
  let ready = false;
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  child.once('exit', (code, signal) => {
    process.off('exit', killOnParentExit);
    if (ready && !stopping) logger.error({ code, signal, lastOutput: tail.slice(-10) }, 'chroma child process exited unexpectedly');
  });

  const describeFailure = (what: string): Error =>
    new Error(`chroma child process ${what} (port ${port}, data ${dataDir}).\nLast output:\n${tail.join('\n') || '(none)'}`);

  const stop = async (): Promise<void> => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (await waitForExit(child, STOP_GRACE_MS)) return;
    logger.warn({ childPid: child.pid }, 'chroma did not stop on SIGTERM, sending SIGKILL');
    child.kill('SIGKILL');
    await waitForExit(child, STOP_GRACE_MS);
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (spawnError) {
      await stop();
      throw describeFailure(`could not be spawned: ${spawnError.message}`);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      throw describeFailure(`exited during start-up with ${child.exitCode !== null ? `code ${child.exitCode}` : `signal ${child.signalCode}`}`);
    }
    if (await heartbeatOk(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw describeFailure(`did not answer ${url}/api/v2/heartbeat within ${STARTUP_TIMEOUT_MS / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
  ready = true;
  logger.info({ url, childPid: child.pid }, 'chroma ready');
  return { url, stop };
}
