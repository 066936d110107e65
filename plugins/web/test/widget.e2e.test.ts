import type { Browser } from 'playwright-core';
import type { RunningKefu } from '../../../server/src/boot';
import { embeddedTestEnv, startTestKefu } from '../../../server/test/support/start-test-kefu';
import { assertH5Built, launchChromium, screenshotPath } from '../../../miniprogram/test/support/browser';
import { existsSync } from 'node:fs';
import { Tenant } from '../../../server/src/auth/models';
import { ShoppingCart } from '../../../server/src/commerce/cart-models';
import { customerForRef } from '../../../server/src/commerce/cart-service';
import { waitFor } from '../../../server/test/support/wait-for';
import { join } from 'node:path';

/**
 * The website widget on a host page with hostile CSS (the demo page the core serves): one script
 * tag adds the launcher, the chat opens in it and answers, the host's styles do not reach it,
 * it adds one global, and `Kefu.on('message')` reports replies to the host page; `Kefu.cart` stores
 * the shopper's cart on the core.
 */
describe('website widget in Chromium', () => {
  let kefu: RunningKefu;
  let browser: Browser;
  beforeAll(async () => {
    assertH5Built();
    if (!existsSync(join(__dirname, '../dist/widget.js'))) throw new Error('plugins/web/dist/widget.js is missing: run `npm run build -w plugins/web`');
    [kefu, browser] = await Promise.all([startTestKefu(embeddedTestEnv()), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await kefu?.stop();
  });

  it('opens from the launcher, chats as the identified shopper, and stays isolated from the host page', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The globals of a page from the same origin without the widget (same secure-context APIs).
    await page.goto(`${kefu.url}/healthz`);
    const baseline = await page.evaluate(() => Object.keys(window));
    await page.goto(`${kefu.url}/demo/`);

    const launcher = page.locator('kefu-widget .launcher');
    await launcher.waitFor({ timeout: 10_000 });
    // The host page styles every button pink with a dashed border, !important: none of it crosses the shadow root.
    const hostButton = await page.locator('.shoppers button').first().evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(hostButton).toBe('rgb(255, 0, 170)');
    const launcherStyle = await launcher.evaluate((b) => ({ background: getComputedStyle(b).backgroundColor, border: getComputedStyle(b).borderStyle, font: getComputedStyle(b).fontSize }));
    expect(launcherStyle).toEqual({ background: 'rgb(0, 82, 217)', border: 'none', font: '26px' });
    const added = await page.evaluate((before) => Object.keys(window).filter((key) => !before.includes(key)), baseline);
    expect(added).toEqual(['Kefu']);

    // The shop signs its shopper in (the demo page fetches a token and calls Kefu.identify), which opens the chat.
    await page.locator('.shoppers button[data-ref="zhangwei"]').click();
    const panelFrame = page.locator('kefu-widget iframe.frame');
    await panelFrame.waitFor({ timeout: 10_000 });
    expect(await panelFrame.evaluate((f) => getComputedStyle(f).borderTopWidth)).toBe('0px');
    const chat = page.frameLocator('kefu-widget iframe.frame');
    await chat.locator('.kefu-connection', { hasText: '在线' }).waitFor({ timeout: 20_000 });
    await chat.locator('.kefu-input input').fill('E20261124005 到哪了');
    await chat.locator('.kefu-send').click();
    await chat.locator('.kefu-card-order', { hasText: 'E20261124005' }).waitFor({ timeout: 20_000 });
    await page.locator('#events', { hasText: '[bot]' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: screenshotPath('widget-open'), fullPage: false });

    await page.locator('kefu-widget .close').click();
    await launcher.waitFor({ state: 'visible' });
    expect(await panelFrame.isVisible()).toBe(false);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('stores the cart the host page reports, for the shopper identified after it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${kefu.url}/demo/`);
    await page.locator('kefu-widget .launcher').waitFor({ timeout: 10_000 });
    type HostWindow = { Kefu: { cart(items: unknown): void } };
    // A call of the wrong shape fails in the host page at once, not silently on the server.
    const refusal = await page.evaluate(() => {
      try {
        (window as unknown as HostWindow).Kefu.cart([{ sku: 'PHONE-IP16', quantity: '2' }]);
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(refusal).toMatch(/cart\(items\)/);

    // Reported before the shopper signs in: the widget keeps it and hands it to the identified session.
    await page.evaluate(() => (window as unknown as HostWindow).Kefu.cart([{ sku: 'PHONE-IP16', quantity: 2 }]));
    await page.locator('.shoppers button[data-ref="zhangwei"]').click();
    const tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
    const zhangwei = await customerForRef(tenantId, 'zhangwei');
    const cartOfZhangwei = () => ShoppingCart.findOne({ where: { tenantId, cartRef: `web:${zhangwei.id}` } });
    const stored = await waitFor('zhangwei\'s web cart', cartOfZhangwei);
    expect(stored).toMatchObject({ customerId: zhangwei.id, state: 'active' });
    expect(stored.items.map(({ sku, quantity }) => ({ sku, quantity }))).toEqual([{ sku: 'PHONE-IP16', quantity: 2 }]);

    // A later change goes straight to the open session; names and prices are the catalog's.
    await page.evaluate(() => (window as unknown as HostWindow).Kefu.cart([{ sku: 'ACC-APPLE-20W', quantity: 1 }]));
    const changed = await waitFor('the changed cart', async () => {
      const cart = await cartOfZhangwei();
      return cart?.items[0]?.sku === 'ACC-APPLE-20W' && cart;
    });
    expect(changed.items).toHaveLength(1);
    expect(changed.items[0]!.name).toBeTruthy();
    await context.close();
  });
});
