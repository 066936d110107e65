import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSummary, isBuilt } from '../miniprogram/scripts/front-end-builds';
import { launchChromium } from '../miniprogram/test/support/browser';
import { startKefu } from '../server/src/boot';
import { createLogger } from '../server/src/logger';

/**
 * `npm run bench:front`: the h5 chat's first-load size (gzipped; goal under 150 KB), the widget's
 * size, and in Chromium the time from opening the chat to the bot's first answer, on the embedded core.
 */
async function main(): Promise<void> {
  for (const target of ['h5', 'widget'] as const) {
    if (!isBuilt(target)) throw new Error(`${target} is not built: npm run build:front -- ${target}`);
  }
  process.stdout.write(`h5 chat:  ${buildSummary('h5')}\nwidget:   ${buildSummary('widget')}\n`);

  const kefu = await startKefu({ NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', KEFU_DATA_DIR: mkdtempSync(join(tmpdir(), 'kefu-bench-front-')), SENTIMENT_MODEL: 'lexicon' }, createLogger('silent'));
  const browser = await launchChromium();
  try {
    const runs: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(`${kefu.url}/chat/?tenant=demo`);
      await page.locator('.kefu-connection', { hasText: '在线' }).waitFor({ timeout: 30_000 });
      const ready = Date.now();
      await page.locator('.kefu-input input').fill('你们几点发货');
      await page.locator('.kefu-send').click();
      await page.locator('.kefu-message.role-bot').first().waitFor({ timeout: 30_000 });
      runs.push(Date.now() - started);
      process.stdout.write(`run ${run + 1}: chat ready ${ready - started} ms, first bot answer ${Date.now() - started} ms after opening\n`);
      await context.close();
    }
    runs.sort((a, b) => a - b);
    process.stdout.write(`time to first message (median of ${runs.length}): ${runs[Math.floor(runs.length / 2)]} ms\n`);
  } finally {
    await browser.close();
    await kefu.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
