import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const repoRoot = resolve(__dirname, '../..');

export type FrontEndTarget = 'h5' | 'weapp' | 'tt' | 'wechat-plugin' | 'douyin-component' | 'widget';

interface TargetSpec {
  cwd: string;
  command: string[];
  /** Checks the output and returns a one-line summary; throws when something is missing. */
  check: () => string;
}

const targets: Record<FrontEndTarget, TargetSpec> = {
  h5: { cwd: 'miniprogram', command: ['npx', 'taro', 'build', '--type', 'h5'], check: checkH5 },
  weapp: { cwd: 'miniprogram', command: ['npx', 'taro', 'build', '--type', 'weapp'], check: () => checkMiniProgram('weapp', 'wxml') },
  tt: { cwd: 'miniprogram', command: ['npx', 'taro', 'build', '--type', 'tt'], check: checkTt },
  'wechat-plugin': { cwd: 'plugins/wechat', command: ['npx', 'taro', 'build', '--plugin', 'weapp'], check: checkPlugin },
  'douyin-component': { cwd: 'plugins/douyin', command: ['npx', 'taro', 'build', 'native-components', '--type', 'tt'], check: checkDouyinComponent },
  widget: { cwd: '.', command: ['npx', 'tsx', 'plugins/web/build.ts'], check: checkWidget },
};

export const allTargets = Object.keys(targets) as FrontEndTarget[];

/** The checked output's one-line summary (sizes, exported pages); throws when the target is not built. */
export function buildSummary(target: FrontEndTarget): string {
  return targets[target].check();
}

/** The output that proves a target is built (what `npm start` and the browser tests need). */
export function isBuilt(target: FrontEndTarget): boolean {
  try {
    targets[target].check();
    return true;
  } catch {
    return false;
  }
}

/** Builds one target, quietly (Taro's progress bar goes to a log file shown only on failure), and checks its output. */
export async function buildTarget(target: FrontEndTarget): Promise<{ seconds: number; summary: string }> {
  const spec = targets[target];
  const logFile = join(mkdtempSync(join(tmpdir(), 'kefu-front-build-')), `${target}.log`);
  const started = Date.now();
  const output: Buffer[] = [];
  const code = await new Promise<number>((resolveExit, reject) => {
    const child = spawn(spec.command[0], spec.command.slice(1), { cwd: join(repoRoot, spec.cwd), env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.once('error', reject);
    child.once('exit', (exitCode) => resolveExit(exitCode ?? 1));
  });
  writeFileSync(logFile, Buffer.concat(output));
  const text = Buffer.concat(output).toString('utf8');
  // Taro reports some compile errors and still exits 0: its "Errors:" banner counts as failure too.
  if (code !== 0 || /Compiled with some errors|✖ Errors/.test(text)) {
    throw new Error(`${target} build failed (exit ${code}); log: ${logFile}\n${text.split('\n').slice(-40).join('\n')}`);
  }
  return { seconds: (Date.now() - started) / 1000, summary: spec.check() };
}

function readJson(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new Error(`missing ${file}`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function checkMiniProgram(platform: 'weapp' | 'tt', markup: string): string {
  const dir = join(repoRoot, 'miniprogram/dist', platform);
  const app = readJson(join(dir, 'app.json'));
  const pages = app.pages as string[] | undefined;
  if (!pages?.includes('pages/chat/index')) throw new Error(`${platform}: app.json does not list pages/chat/index`);
  for (const ext of ['js', 'json', markup]) {
    if (!existsSync(join(dir, `pages/chat/index.${ext}`))) throw new Error(`${platform}: pages/chat/index.${ext} missing`);
  }
  return `app.json pages ${JSON.stringify(pages)}, ${kb(dirBytes(dir))} KB`;
}

function checkTt(): string {
  const dir = join(repoRoot, 'miniprogram/dist/tt');
  const summary = checkMiniProgram('tt', 'ttml');
  checkDouyinImButton(dir, ['app.js']);
  return `${summary}, <button> carries data-im-id`;
}

/**
 * The copy-in component: its json says `component`, its ttml/ttss/js exist, and every file its
 * script requires (Taro's runtime, vendors) is in the package, so copying dist/ in is enough.
 */
function checkDouyinComponent(): string {
  const dir = join(repoRoot, 'plugins/douyin/dist');
  const entry = 'components/kefu-chat/index';
  if (readJson(join(dir, `${entry}.json`)).component !== true) throw new Error(`douyin-component: ${entry}.json does not declare "component": true`);
  for (const ext of ['js', 'ttml', 'ttss']) {
    if (!existsSync(join(dir, `${entry}.${ext}`))) throw new Error(`douyin-component: ${entry}.${ext} missing`);
  }
  if (existsSync(join(dir, 'app.json'))) throw new Error('douyin-component: dist/app.json present: this is a component package, not an app');
  const script = readFileSync(join(dir, `${entry}.js`), 'utf8');
  const required = [...script.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)].map((m) => join(dirname(entry), m[1]));
  for (const file of required) if (!existsSync(join(dir, `${file}.js`))) throw new Error(`douyin-component: ${entry}.js requires ${file}, which is missing`);
  const imported = readFileSync(join(dir, `${entry}.ttml`), 'utf8').match(/<import src="([^"]+)"/)?.[1];
  if (!imported || !existsSync(join(dir, dirname(entry), imported))) throw new Error(`douyin-component: ${entry}.ttml imports a missing template (${imported ?? 'none'})`);
  checkDouyinImButton(dir, [`${entry}.js`]);
  const files = listFiles(dir);
  return `${entry} (requires ${required.length} shared files), ${files.length} files, ${kb(dirBytes(dir))} KB (${kb(gzippedBytes(dir, files))} KB gzipped), <button> carries data-im-id`;
}

/**
 * The 联系抖音客服 button needs both halves of config/douyin-im-button.ts: the template's `<button>`
 * renders data-im-id, and the script registers the same attribute with Taro's runtime (else the
 * runtime's attribute aliases differ from the template's and the id never arrives).
 */
function checkDouyinImButton(dir: string, scripts: string[]): void {
  const button = readFileSync(join(dir, 'base.ttml'), 'utf8').match(/<button [^>]*>/)?.[0] ?? '';
  if (!/ data-im-id="\{\{i\.p\d+\}\}"/.test(button)) throw new Error(`${dir}: base.ttml <button> does not render data-im-id`);
  if (!scripts.some((script) => /Button:\s*\{\s*["']data-im-id["']/.test(readFileSync(join(dir, script), 'utf8')))) {
    throw new Error(`${dir}: the runtime half of the data-im-id patch is not in ${scripts.join(', ')}`);
  }
}

function checkH5(): string {
  const dir = join(repoRoot, 'miniprogram/dist/h5');
  const html = existsSync(join(dir, 'index.html')) ? readFileSync(join(dir, 'index.html'), 'utf8') : '';
  const scripts = [...html.matchAll(/src="\.\/(js\/[^"]+\.js)"/g)].map((m) => m[1]);
  if (scripts.length === 0) throw new Error('h5: index.html missing or loads no script');
  for (const script of scripts) if (!existsSync(join(dir, script))) throw new Error(`h5: ${script} missing`);
  return `first load ${kb(gzippedBytes(dir, scripts))} KB gzipped (${scripts.length} scripts), all assets ${kb(gzippedBytes(dir, listFiles(dir)))} KB gzipped`;
}

function checkPlugin(): string {
  const dir = join(repoRoot, 'plugins/wechat/dist');
  const plugin = readJson(join(dir, 'plugin/plugin.json'));
  const pages = plugin.pages as Record<string, string> | undefined;
  const components = plugin.publicComponents as Record<string, string> | undefined;
  if (pages?.chat !== 'pages/chat/chat') throw new Error('plugin.json does not export the chat page');
  if (components?.chat !== 'components/chat/chat') throw new Error('plugin.json does not export the chat component');
  if (plugin.main !== 'index.js' || !existsSync(join(dir, 'plugin/index.js'))) throw new Error('plugin.json main (index.js) missing');
  const host = readJson(join(dir, 'miniprogram/app.json'));
  if (!(host.plugins as Record<string, unknown> | undefined)?.kefu) throw new Error('debug host app.json does not use the kefu plugin');
  return `plugin.json pages ${JSON.stringify(pages)}, publicComponents ${JSON.stringify(components)}`;
}

function checkWidget(): string {
  const file = join(repoRoot, 'plugins/web/dist/widget.js');
  if (!existsSync(file)) throw new Error('plugins/web/dist/widget.js missing');
  const bytes = readFileSync(file);
  return `${bytes.length} bytes, ${gzipSync(bytes).length} gzipped`;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(dir, join(prefix, entry.name)) : entry.name.endsWith('.txt') || entry.name.endsWith('.map') ? [] : [join(prefix, entry.name)],
  );
}
function dirBytes(dir: string): number {
  return listFiles(dir).reduce((sum, file) => sum + readFileSync(join(dir, file)).length, 0);
}
function gzippedBytes(dir: string, files: string[]): number {
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file)), { level: 9 }).length, 0);
}
function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}
