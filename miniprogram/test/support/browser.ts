import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (platforms.md §11); `npx playwright install` cannot download browsers here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-noto-cjk (.ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}

const repoRoot = resolve(__dirname, '../../..');

/** Screenshots are test artefacts: CI keeps this folder. */
export function screenshotPath(name: string): string {
  const dir = join(repoRoot, 'test-artifacts/front-ends');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

/** The browser tests need the h5 build the core serves; say how to make it rather than fail obscurely. */
export function assertH5Built(): void {
  if (!existsSync(join(repoRoot, 'miniprogram/dist/h5/index.html'))) throw new Error('miniprogram/dist/h5 is missing: run `npm run build:h5 -w miniprogram` first');
}
