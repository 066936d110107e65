import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { RunningKefu } from '../../server/src/boot';
import { findTenantByKey } from '../../server/src/auth/tenant-service';
import { Message } from '../../server/src/conversations/models';
import { TestShopper } from '../../server/test/support/shopper';
import { embeddedTestEnv, startTestKefu } from '../../server/test/support/start-test-kefu';
import { assertH5Built, launchChromium, screenshotPath } from './support/browser';
import { solidPng } from './support/solid-png';

/**
 * Image picking in the h5 chat, in real Chromium: the shopper taps 图片, the browser's own file
 * chooser opens, a PNG is chosen; the picture is uploaded, shown in the chat from the core's URL,
 * and stored once, under the shopper's merchant, with the same bytes.
 */
describe('h5 chat image picking in Chromium', () => {
  let kefu: RunningKefu;
  let browser: Browser;
  let dataDir: string;
  beforeAll(async () => {
    assertH5Built();
    const env = embeddedTestEnv();
    dataDir = env.KEFU_DATA_DIR;
    [kefu, browser] = await Promise.all([startTestKefu(env), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await kefu?.stop();
  });

  it('uploads the picked PNG, shows it from the server and stores it once', async () => {
    const png = solidPng(48, 32, [230, 90, 40]);
    const context = await browser.newContext({ viewport: { width: 420, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const token = TestShopper.demoShopperToken('wangfang');
    await page.goto(`${kefu.url}/chat/?tenant=demo&token=${encodeURIComponent(token)}`);
    await page.locator('.kefu-connection', { hasText: '在线' }).waitFor({ timeout: 20_000 });

    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }), page.locator('.kefu-image-button').click()]);
    expect(chooser.isMultiple()).toBe(false);
    expect(await chooser.element().getAttribute('accept')).toBe('image/png,image/jpeg,image/webp');
    await chooser.setFiles({ name: 'broken-heel.png', mimeType: 'image/png', buffer: png });

    // Once stored, the bubble's picture comes from the core (not the local blob: preview) and decodes at its real size.
    const picture = page.locator('.kefu-message.role-shopper .kefu-image img');
    await picture.and(page.locator('[src*="/api/web/uploads/"]')).waitFor({ timeout: 20_000 });
    await page.locator('.kefu-delivery').waitFor({ state: 'detached', timeout: 10_000 });
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.kefu-message.role-shopper .kefu-image img');
      return img?.complete && img.naturalWidth > 0;
    });
    expect(await picture.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([48, 32]);
    expect(await picture.count()).toBe(1);
    // Shown at the picture's own proportions: the frame around it is no taller than the picture.
    const shown = await picture.boundingBox();
    const frame = await page.locator('.kefu-message.role-shopper .kefu-image').boundingBox();
    expect(Math.abs(shown!.height - (shown!.width * 32) / 48)).toBeLessThan(2);
    expect(Math.abs(frame!.height - shown!.height)).toBeLessThan(2);
    await page.screenshot({ path: screenshotPath('h5-image-upload'), fullPage: true });

    // The server holds one image message for this shopper, and the file it points at is the picked PNG.
    const history = await new TestShopper(kefu.url).start({ tenantKey: 'demo', shopperToken: token }).then((s) => s.messages());
    const images = history.filter((m) => m.role === 'shopper' && m.imageUrl);
    expect(images).toHaveLength(1);
    const imageUrl = images[0].imageUrl!;
    const tenant = await findTenantByKey('demo');
    expect(imageUrl).toMatch(new RegExp(`^/api/web/uploads/${tenant!.id}/[0-9a-f-]{36}\\.png$`));
    expect(await picture.getAttribute('src')).toBe(kefu.url + imageUrl);
    const stored = await Message.findOne({ where: { tenantId: tenant!.id, id: Number(images[0].id) } });
    expect(stored?.kind).toBe('image');
    const file = join(dataDir, 'uploads', String(tenant!.id), basename(imageUrl));
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).equals(png)).toBe(true);
    const served = await fetch(kefu.url + imageUrl);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
