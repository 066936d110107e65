import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { RunningKefu } from '../../server/src/boot';
import { ConversationRating } from '../../server/src/conversations/ratings/models';
import { TestShopper } from '../../server/test/support/shopper';
import { embeddedTestEnv, startTestKefu } from '../../server/test/support/start-test-kefu';
import { assertH5Built, launchChromium, screenshotPath } from './support/browser';

/**
 * The h5 chat in real Chromium against a running core: a verified demo shopper asks where an
 * order is, gets the order card, survives a network loss without losing or doubling messages,
 * and rates the conversation.
 */
describe('h5 chat in Chromium', () => {
  let kefu: RunningKefu;
  let browser: Browser;
  beforeAll(async () => {
    assertH5Built();
    [kefu, browser] = await Promise.all([startTestKefu(embeddedTestEnv()), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await kefu?.stop();
  });

  const input = (page: Page) => page.locator('.kefu-input input');
  async function say(page: Page, text: string): Promise<void> {
    await input(page).fill(text);
    await page.locator('.kefu-send').click();
  }
  const bubbles = (page: Page, text: string) => page.locator('.kefu-message.role-shopper .kefu-text', { hasText: text });

  it('answers an order question with an order card, recovers from going offline, and takes a rating', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const token = TestShopper.demoShopperToken('zhangwei');
    const started = Date.now();
    await page.goto(`${kefu.url}/chat/?tenant=demo&token=${encodeURIComponent(token)}`);
    await page.locator('.kefu-connection', { hasText: '在线' }).waitFor({ timeout: 20_000 });

    await say(page, 'E20261124005 到哪了');
    const orderCard = page.locator('.kefu-card-order', { hasText: 'E20261124005' });
    await orderCard.waitFor({ timeout: 20_000 });
    process.stdout.write(`h5 chat: first order card ${Date.now() - started} ms after opening the page\n`);
    await expectText(orderCard, '已发货');
    await page.screenshot({ path: screenshotPath('h5-order-card'), fullPage: true });

    // The network drops: the chat says so, keeps what the shopper types, and sends it once when back.
    await context.setOffline(true);
    await page.locator('.kefu-connection', { hasText: '网络已断开' }).waitFor({ timeout: 10_000 });
    await say(page, '好的谢谢');
    await page.locator('.kefu-delivery.failed').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: screenshotPath('h5-offline'), fullPage: true });
    await context.setOffline(false);
    await page.locator('.kefu-connection', { hasText: '在线' }).waitFor({ timeout: 20_000 });
    await page.locator('.kefu-delivery').waitFor({ state: 'detached', timeout: 20_000 });
    expect(await bubbles(page, '好的谢谢').count()).toBe(1);
    expect(await bubbles(page, 'E20261124005 到哪了').count()).toBe(1);
    const domIds = await page.locator('.kefu-message[id]').evaluateAll((nodes) => nodes.map((n) => n.id));
    expect(new Set(domIds).size).toBe(domIds.length);

    // A goodbye ends the conversation: the rating appears, and the score is stored against it.
    await say(page, '谢谢，再见');
    await page.locator('.kefu-rating').waitFor({ timeout: 20_000 });
    await page.locator('.kefu-star[data-score="5"]').click();
    await page.locator('.kefu-rating-thanks').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: screenshotPath('h5-rated'), fullPage: true });
    const ratings = await ConversationRating.findAll({ where: { tenantId: await demoTenantId() } });
    expect(ratings.map((r) => r.score)).toEqual([5]);

    // The server holds each shopper line once.
    const stored = await new TestShopper(kefu.url).start({ tenantKey: 'demo', shopperToken: token }).then((s) => s.messages());
    expect(stored.filter((m) => m.role === 'shopper').map((m) => m.text)).toEqual(['E20261124005 到哪了', '好的谢谢', '谢谢，再见']);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('confirms an address change with the card buttons, which then stop working', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${kefu.url}/chat/?tenant=demo&token=${encodeURIComponent(TestShopper.demoShopperToken('lina'))}`);
    await page.locator('.kefu-connection', { hasText: '在线' }).waitFor({ timeout: 20_000 });
    await say(page, '把E20261125003的收货地址改成北京市海淀区中关村大街1号');
    const card = page.locator('.kefu-card-confirmation');
    await card.waitFor({ timeout: 20_000 });
    expect(await card.innerText()).toContain('北京市海淀区中关村大街1号');
    await card.locator('.kefu-btn.primary', { hasText: '确认' }).click();
    await page.locator('.kefu-message.role-bot .kefu-text', { hasText: '修改成功' }).waitFor({ timeout: 20_000 });
    // The tap sent the action text as the shopper's message, once; the answered card's buttons are disabled.
    expect(await bubbles(page, '确认').count()).toBe(1);
    await card.locator('.kefu-btn.primary', { hasText: '确认' }).click();
    await page.waitForTimeout(1500);
    expect(await bubbles(page, '确认').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('h5-confirmation'), fullPage: true });
    await context.close();
  });

  it('lets an anonymous visitor chat and keeps their history across a reload; an api= in the link reaches nothing', async () => {
    // A crafted link naming another server as the API: that server must never hear from the chat.
    const elsewhere: string[] = [];
    const foreign = createServer((req, res) => {
      elsewhere.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', () => resolve()));
    const foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
    const context = await browser.newContext({ viewport: { width: 420, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${kefu.url}/chat/?tenant=demo&api=${encodeURIComponent(foreignUrl)}`);
    await page.locator('.kefu-connection', { hasText: '在线' }).waitFor({ timeout: 20_000 });
    await say(page, '你们支持七天无理由退货吗');
    await page.locator('.kefu-message.role-bot').first().waitFor({ timeout: 20_000 });
    const repliesBefore = await page.locator('.kefu-message.role-bot').count();
    await page.reload();
    await page.locator('.kefu-connection', { hasText: '在线' }).waitFor({ timeout: 20_000 });
    await bubbles(page, '你们支持七天无理由退货吗').waitFor({ timeout: 10_000 });
    expect(await page.locator('.kefu-message.role-bot').count()).toBe(repliesBefore);
    await context.close();
    await new Promise((resolve) => foreign.close(resolve));
    expect(elsewhere).toEqual([]);
  });

  async function demoTenantId(): Promise<number> {
    const { findTenantByKey } = await import('../../server/src/auth/tenant-service');
    const tenant = await findTenantByKey('demo');
    if (!tenant) throw new Error('demo tenant missing');
    return tenant.id;
  }
});

async function expectText(locator: import('playwright-core').Locator, text: string): Promise<void> {
  expect(await locator.innerText()).toContain(text);
}
