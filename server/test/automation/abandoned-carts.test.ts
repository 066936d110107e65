import type { WebMessage } from '@kefu/shared';
import type { RunningKefu } from '../../src/boot';
import { createApiKey } from '../../src/auth/api-keys';
import { AuditEntry, Tenant } from '../../src/auth/models';
import { PipelineEvent } from '../../src/analytics/models';
import { ProactiveSend } from '../../src/automation/models';
import { runTenantScan } from '../../src/automation/run-tenant-scan';
import { DEFAULT_AUTOMATION_SETTINGS } from '../../src/automation/settings-schema';
import { saveAutomationSettings } from '../../src/automation/settings-service';
import { orderThatCheckedOut } from '../../src/commerce/cart-checkout';
import { saveConnectorSetting } from '../../src/commerce/connectors/connector-registry';
import { ChannelAccount } from '../../src/channels/models';
import { ShoppingCart } from '../../src/commerce/cart-models';
import { Order } from '../../src/commerce/models';
import { Conversation, Message } from '../../src/conversations/models';
import { ChannelIdentity, Customer } from '../../src/customers/models';
import { DEMO_SHOPPER_TOKEN_SECRET } from '../../src/demo/seed-demo';
import { OrderSystemServer } from '../commerce/support/order-system-server';
import { eventually } from '../jobs/capture-logger';
import { ConsoleClient } from '../refund-rules/console-client';
import { TestShopper } from '../support/shopper';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';

jest.setTimeout(240_000);

const MINUTE = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE).toISOString();
const iphone = { sku: 'PHONE-IP16', name: 'Apple iPhone 16', quantity: 1, unitPriceCents: 599_900 };
const charger = { sku: 'ACC-APPLE-20W', name: 'Apple 20W USB-C 电源适配器', quantity: 2, unitPriceCents: 14_900 };
const shoes = { sku: 'SHOE-AF1-LOW', name: "Nike Air Force 1 '07 低帮板鞋", quantity: 1, unitPriceCents: 79_900 };
const cartsOn = { enabled: true, remindAfterMinutes: [60, 1440], maxPerShopper: 2, perDays: 7 };

/**
 * Abandoned-cart reminders on MariaDB and Bull/Redis: carts pushed by the merchant's store (API key)
 * and by the web channel, reminders through the normal proactive send path and outbound queue.
 */
describeWithServices('abandoned-cart reminders on Bull and MariaDB', () => {
  let kefu: RunningKefu;
  let tenantId: number;
  let storeKey: string;
  let console_: ConsoleClient;
  const shoppers: Record<string, TestShopper> = {};
  const customerIds: Record<string, number> = {};

  const pushCart = (cartRef: string, body: unknown, key = storeKey) =>
    fetch(`${kefu.url}/api/console/commerce/carts/${cartRef}`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as Record<string, unknown>,
    }));
  const configureCarts = async (carts: typeof cartsOn) => {
    const current = (await console_.call('GET', '/api/console/automation/settings', 'owner')).body.settings as Record<string, unknown>;
    expect((await console_.call('PUT', '/api/console/automation/settings', 'owner', { ...current, quietHours: null, carts })).status).toBe(200);
  };
  const cartOf = (cartRef: string, tenant = tenantId) => ShoppingCart.findOne({ where: { tenantId: tenant, cartRef } });
  const keyOf = (cart: ShoppingCart, step: number) => `cart:${cart.id}:${cart.round}:${step}`;
  const sendRow = (triggerKey: string) => ProactiveSend.findOne({ where: { tenantId, triggerKey } });
  const greet = async (ref: string) => {
    shoppers[ref] = await TestShopper.greetedDemoShopper(kefu.url, ref);
  };

  beforeAll(async () => {
    kefu = await startTestKefu(await productionTestEnv('carts'));
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
    console_ = new ConsoleClient(kefu.url);
    for (const role of ['owner', 'agent'] as const) await console_.login(role);
    const created = await console_.call('POST', '/api/console/api-keys', 'owner', { name: 'store', role: 'admin' });
    storeKey = created.body.key as string;
    for (const customer of await Customer.findAll({ where: { tenantId } })) if (customer.externalRef) customerIds[customer.externalRef] = customer.id;
    for (const ref of ['lina', 'zhangwei', 'wangfang', 'chenjing']) await greet(ref);
    // The demo's own cart (left two hours before the seed) is due at once and would add its reminders to lina's; these tests make their own carts, so it goes.
    expect(await ShoppingCart.findOne({ where: { tenantId, cartRef: 'demo-cart-lina' } })).toMatchObject({ customerId: customerIds.lina, state: 'active' });
    await ShoppingCart.destroy({ where: { tenantId } });
  }, 300_000);
  afterAll(async () => {
    for (const shopper of Object.values(shoppers)) shopper.close();
    await kefu?.stop();
  });

  it('rejects bad cart payloads with 4xx and the reason, and only lets the store (admin) write', async () => {
    const good = { customerRef: 'lina', items: [iphone], updatedAt: ago(90) };
    const cases: [string, unknown, RegExp][] = [
      ['c-bad', { items: [iphone] }, /body\.customerRef/],
      ['c-bad', { ...good, items: [{ ...iphone, quantity: 0 }] }, /body\.items\.0\.quantity/],
      ['c-bad', { ...good, items: [{ ...iphone, unitPriceCents: -1 }] }, /body\.items\.0\.unitPriceCents/],
      ['c-bad', { ...good, items: [{ ...iphone, unitPriceCents: 19.9 }] }, /body\.items\.0\.unitPriceCents/],
      ['c-bad', { ...good, items: [iphone, iphone] }, /duplicate sku "PHONE-IP16"/],
      ['c-bad', { ...good, updatedAt: new Date(Date.now() + 3_600_000).toISOString() }, /body\.updatedAt is in the future/],
      ['c-bad', { ...good, updatedAt: 'yesterday' }, /body\.updatedAt/],
      ['c-bad', { ...good, state: 'paid' }, /body\.state/],
      ['c-bad', { ...good, coupon: 'FREE' }, /coupon/],
      ['c%20bad', good, /params\.cartRef/],
    ];
    for (const [ref, body, reason] of cases) {
      const response = await pushCart(ref, body);
      expect({ ref, status: response.status }).toEqual({ ref, status: 400 });
      expect((response.body.error as { message: string }).message).toMatch(reason);
    }
    expect((await pushCart('c-bad', good, 'kefu_000000000000_00000000000000000000000000000000')).status).toBe(401);
    expect((await console_.call('PUT', '/api/console/commerce/carts/c-bad', 'agent', good)).status).toBe(403);
    expect(await ShoppingCart.count({ where: { tenantId, cartRef: 'c-bad' } })).toBe(0);

    const web = shoppers.lina;
    const unknownSku = await web.request('PUT', '/api/web/cart', { items: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] });
    expect(unknownSku.status).toBe(400);
    expect((unknownSku.body as { error: { message: string } }).error.message).toMatch(/unknown sku NO-SUCH-SKU/);
    expect((await web.request('PUT', '/api/web/cart', { items: [{ sku: 'PHONE-IP16', quantity: 1, unitPriceCents: 1 }] })).status).toBe(400);
    expect((await web.request('PUT', '/api/web/cart', { items: [] }, { authorization: 'Bearer nonsense' })).status).toBe(401);
  });

  it('the web channel reports a cart with the catalog prices, not the page’s', async () => {
    const response = await shoppers.wangfang.request('PUT', '/api/web/cart', { items: [{ sku: 'SHOE-AF1-LOW', quantity: 2 }] });
    expect(response.status).toBe(200);
    const product = await kefu.runtime.db.sequelize.models.Product.findOne({ where: { tenantId, sku: 'SHOE-AF1-LOW' } });
    const price = product!.get('priceCents') as number;
    expect(response.body).toMatchObject({ state: 'active', totalCents: 2 * price, items: [expect.objectContaining({ sku: 'SHOE-AF1-LOW', quantity: 2, unitPriceCents: price })] });
    expect(await cartOf(`web:${customerIds.wangfang}`)).toMatchObject({ customerId: customerIds.wangfang, state: 'active' });
    // An emptied cart is cleared: nothing left to remind of.
    expect((await shoppers.wangfang.request('PUT', '/api/web/cart', { items: [] })).body).toMatchObject({ state: 'cleared', totalCents: 0 });
  });

  it('an abandoned cart gets exactly one reminder, on the shopper’s most recent channel, from the Bull scan job', async () => {
    // lina also has an older WeChat conversation: the reminder must go to the web one she used last.
    const wechat = await ChannelAccount.create({ tenantId, platform: 'wechat', appId: 'wx-carts', name: '公众号', credentialsEncrypted: null, unionScope: null });
    const identity = await ChannelIdentity.create({ tenantId, channelAccountId: wechat.id, externalId: 'openid-lina', unionId: null, customerId: customerIds.lina, displayName: null });
    const older = await Conversation.create({ tenantId, customerId: customerIds.lina, channelAccountId: wechat.id, channelIdentityId: identity.id, status: 'open', lastMessageAt: new Date(Date.now() - 86_400_000) });

    const pushed = await pushCart('c-lina-1', { customerRef: 'lina', items: [iphone, charger], updatedAt: ago(90) });
    expect(pushed.status).toBe(201);
    expect(pushed.body).toMatchObject({ state: 'active', totalCents: 599_900 + 2 * 14_900, outcome: 'created' });
    // The store retrying the same push is not a change: the reminder clock keeps running from 90 minutes ago.
    expect((await pushCart('c-lina-1', { customerRef: 'lina', items: [iphone, charger], updatedAt: ago(90) })).body).toMatchObject({ outcome: 'unchanged' });
    const taken = await pushCart('c-lina-1', { customerRef: 'zhangwei', items: [iphone] });
    expect(taken.status).toBe(409);
    expect((taken.body.error as { message: string }).message).toMatch(/belongs to another customer/);
    await configureCarts(cartsOn);

    const scanned = (await kefu.runtime.queues.scheduled.counts()).completed;
    expect((await console_.call('POST', '/api/console/automation/scan', 'owner')).status).toBe(202);
    const reminder = await eventually(async () => {
      const found = (await shoppers.lina.messages()).find((m: WebMessage) => m.role === 'bot' && m.text.includes('购物车'));
      expect(found).toBeDefined();
      return found!;
    }, 60_000);
    expect(reminder.text).toContain('Apple iPhone 16×1');
    expect(reminder.text).toContain('Apple 20W USB-C 电源适配器×2');
    expect(reminder.text).toContain('¥6297.00');
    expect(reminder.cards?.[0].link).toEqual({ label: '去结算', url: '/pages/cart/index?cart=c-lina-1' });
    expect(reminder.cards?.[1].actions?.map((a) => a.label)).toEqual(['不要再发']);

    // A second scan (on Bull, then directly) sends nothing more.
    await eventually(async () => expect((await kefu.runtime.queues.scheduled.counts()).completed).toBeGreaterThan(scanned), 60_000, 100);
    expect((await console_.call('POST', '/api/console/automation/scan', 'owner')).status).toBe(202);
    await eventually(async () => expect((await kefu.runtime.queues.scheduled.counts()).completed).toBeGreaterThan(scanned + 1), 60_000, 100);
    expect((await runTenantScan(kefu.runtime, tenantId, new Date())).sent).toBe(0);

    const cart = (await cartOf('c-lina-1'))!;
    const stored = await Message.findAll({ where: { tenantId, platformMessageId: `proactive:${keyOf(cart, 0)}` } });
    expect(stored).toHaveLength(1);
    expect(stored[0].conversationId).not.toBe(older.id);
    expect(await Message.count({ where: { tenantId, conversationId: older.id } })).toBe(0);
    expect(await sendRow(keyOf(cart, 0))).toMatchObject({ status: 'sent', kind: 'cart', customerId: customerIds.lina });
    expect(await PipelineEvent.count({ where: { tenantId, type: 'proactive.sent' } })).toBe(1);
    expect(await AuditEntry.count({ where: { tenantId, action: 'proactive.sent', targetId: String(customerIds.lina) } })).toBe(1);
    await eventually(async () => expect((await Message.findOne({ where: { tenantId, id: Number(reminder.id) } }))?.status).toBe('sent'));
  });

  it('a cart whose items were ordered counts as checked out and gets no reminder', async () => {
    await pushCart('c-wf-1', { customerRef: 'wangfang', items: [shoes, charger], updatedAt: ago(120) });
    await pushCart('c-wf-2', { customerRef: 'wangfang', items: [iphone], state: 'checked_out', updatedAt: ago(120) });
    await Order.create({ tenantId, orderNo: 'T-CART-1', customerId: customerIds.wangfang, status: 'paid', items: [{ sku: shoes.sku, name: shoes.name, quantity: 1, unitPriceCents: shoes.unitPriceCents }, { sku: charger.sku, name: charger.name, quantity: 2, unitPriceCents: charger.unitPriceCents }], totalCents: 109_700, recipientName: null, phoneEncrypted: null, addressEncrypted: null, carrier: null, trackingNo: null, placedAt: new Date(Date.now() - 30 * MINUTE), paidAt: new Date(), shippedAt: null });

    await runTenantScan(kefu.runtime, tenantId, new Date());
    expect(await cartOf('c-wf-1')).toMatchObject({ state: 'checked_out', checkedOutOrderNo: 'T-CART-1' });
    expect(await ProactiveSend.count({ where: { tenantId, customerId: customerIds.wangfang } })).toBe(0);
    expect((await shoppers.wangfang.messages()).filter((m: WebMessage) => m.role === 'bot' && m.text.includes('购物车'))).toHaveLength(0);

    // The store still reporting the bought items as its cart is no new cart; a real change starts a new round.
    expect((await pushCart('c-wf-1', { customerRef: 'wangfang', items: [shoes, charger], updatedAt: ago(20) })).body).toMatchObject({ state: 'checked_out', outcome: 'unchanged' });
    expect((await pushCart('c-wf-1', { customerRef: 'wangfang', items: [iphone], updatedAt: ago(70) })).body).toMatchObject({ state: 'active', outcome: 'updated' });
    const refilled = (await cartOf('c-wf-1'))!;
    expect(refilled.round).toBe(1);
    await runTenantScan(kefu.runtime, tenantId, new Date());
    expect(await sendRow(keyOf(refilled, 0))).toMatchObject({ status: 'sent' });
  });

  it('holds the per-shopper cap across carts', async () => {
    await configureCarts({ ...cartsOn, maxPerShopper: 1 });
    await pushCart('c-zw-1', { customerRef: 'zhangwei', items: [iphone], updatedAt: ago(100) });
    await pushCart('c-zw-2', { customerRef: 'zhangwei', items: [shoes], updatedAt: ago(80) });
    const summary = await runTenantScan(kefu.runtime, tenantId, new Date());
    expect(summary.deferred.cap_reached).toBe(1);
    const first = (await cartOf('c-zw-1'))!;
    const second = (await cartOf('c-zw-2'))!;
    expect(await sendRow(keyOf(first, 0))).toMatchObject({ status: 'sent' });
    expect(await sendRow(keyOf(second, 0))).toMatchObject({ status: 'deferred', deferredReason: 'cap_reached' });
    expect(await Message.count({ where: { tenantId, platformMessageId: `proactive:${keyOf(second, 0)}` } })).toBe(0);
  });

  it('respects a shopper who said 不要再发', async () => {
    await configureCarts(cartsOn);
    const confirmation = await shoppers.chenjing.replyAfter(await shoppers.chenjing.say('不要再发了'));
    expect(confirmation.text).toMatch(/已为您退订/);
    await pushCart('c-cj-1', { customerRef: 'chenjing', items: [shoes], updatedAt: ago(90) });
    const cart = (await cartOf('c-cj-1'))!;
    await runTenantScan(kefu.runtime, tenantId, new Date());
    expect(await sendRow(keyOf(cart, 0))).toMatchObject({ status: 'deferred', deferredReason: 'opted_out' });
    expect(await Message.count({ where: { tenantId, platformMessageId: `proactive:${keyOf(cart, 0)}` } })).toBe(0);
  });

  it('keeps tenants apart: the same cart ref in another shop is another cart, untouched by this shop’s scan', async () => {
    const other = await Tenant.create({ key: 'carts-other', name: 'Other shop', orderNumberPattern: null });
    const { plaintext: otherKey } = await createApiKey(other.id, 'store', 'admin');
    const before = (await cartOf('c-lina-1'))!;
    const pushed = await pushCart('c-lina-1', { customerRef: 'lina', items: [shoes], updatedAt: ago(90) }, otherKey);
    expect(pushed).toMatchObject({ status: 201, body: { outcome: 'created' } });
    const theirs = (await cartOf('c-lina-1', other.id))!;
    expect(theirs.customerId).not.toBe(customerIds.lina);
    expect(await cartOf('c-lina-1')).toMatchObject({ id: before.id, items: before.items, totalCents: before.totalCents });

    const listed = await fetch(`${kefu.url}/api/console/commerce/carts`, { headers: { 'x-api-key': otherKey } }).then((r) => r.json() as Promise<{ carts: { cartRef: string }[] }>);
    expect(listed.carts.map((c) => c.cartRef)).toEqual(['c-lina-1']);
    await runTenantScan(kefu.runtime, tenantId, new Date());
    expect(await cartOf('c-lina-1', other.id)).toMatchObject({ state: 'active', round: 0 });
    expect(await ProactiveSend.count({ where: { tenantId: other.id } })).toBe(0);
  });

  it('pulls carts from a merchant system behind the generic HTTP provider, and its orders check them out', async () => {
    const system = await new OrderSystemServer('cart-token').start();
    try {
      const shop = await Tenant.create({ key: 'carts-http', name: 'HTTP shop', orderNumberPattern: null, settings: { shopperTokenSecret: DEMO_SHOPPER_TOKEN_SECRET } });
      await saveConnectorSetting(shop.id, 'orders', 'http', system.providerConfig(), kefu.runtime.cipher);
      await saveAutomationSettings(shop.id, { ...DEFAULT_AUTOMATION_SETTINGS, quietHours: null, carts: cartsOn });
      const line = (sku: string, num: number, price: string) => ({ goods_sn: sku, title: `商品${sku}`, num, price });
      system.carts.push(
        { cart_id: 'RC-1', buyer_id: 'buyer-7', status: 'OPEN', modified: ago(90), lines: [line('TEE-1', 2, '79.00')] },
        { cart_id: 'RC-2', buyer_id: 'buyer-7', status: 'OPEN', modified: ago(100), lines: [line('HAT-1', 1, '59.00')] },
        { cart_id: 'RC-3', buyer_id: 'buyer-7', status: 'OPEN', modified: ago(95), lines: [line('SOCK-1', 0, '9.90')] },
      );
      system.orders.set('SO-2001', { order_sn: 'SO-2001', buyer_id: 'buyer-7', state: 'WAIT_SEND', pay_amount: '59.00', receiver: { mobile: '13900001234', address: '杭州' }, express: null, created: ago(30), paid: ago(29), goods: [line('HAT-1', 1, '59.00')] });

      const shopper = await new TestShopper(kefu.url).start({ tenantKey: 'carts-http', shopperToken: TestShopper.demoShopperToken('buyer-7') });
      await shopper.say('你好');
      const buyer = (await Customer.findOne({ where: { tenantId: shop.id, externalRef: 'buyer-7' } }))!;
      await eventually(async () => expect(await Conversation.count({ where: { tenantId: shop.id, customerId: buyer.id } })).toBe(1));

      const summary = await runTenantScan(kefu.runtime, shop.id, new Date());
      expect(summary.sent).toBe(1);
      const pulled = (await cartOf('RC-1', shop.id))!;
      expect(pulled).toMatchObject({ customerId: buyer.id, state: 'active', totalCents: 15_800 });
      expect(await cartOf('RC-2', shop.id)).toMatchObject({ state: 'checked_out', checkedOutOrderNo: 'SO-2001' });
      // A line with no quantity does not validate: that cart is skipped, the others are not held back.
      expect(await cartOf('RC-3', shop.id)).toBeNull();
      const reminder = await eventually(async () => {
        const found = (await shopper.messages()).find((m: WebMessage) => m.role === 'bot' && m.text.includes('购物车'));
        expect(found).toBeDefined();
        return found!;
      });
      expect(reminder.text).toContain('商品TEE-1×2');
      expect(reminder.cards?.[0].link?.url).toBe('/pages/cart/index?cart=RC-1');

      // The next pull starts near the newest cart held, not at the reminder horizon again.
      await runTenantScan(kefu.runtime, shop.id, new Date());
      expect(system.cartQueries).toHaveLength(2);
      expect(Date.parse(system.cartQueries[1])).toBeGreaterThan(Date.parse(system.cartQueries[0]));
      expect(Date.parse(system.cartQueries[1])).toBe(pulled.changedAt.getTime() - 15 * MINUTE);
      expect(await ProactiveSend.count({ where: { tenantId: shop.id, status: 'sent' } })).toBe(1);
      shopper.close();
    } finally {
      await system.stop();
    }
  });
});

describe('which order checks a cart out', () => {
  const cart = { changedAt: new Date('2026-11-26T02:00:00Z'), items: [iphone, charger] };
  const order = (placedAt: string, skus: string[], status = 'paid') => ({ orderNo: `O-${placedAt}-${skus.join()}`, status, placedAt: new Date(placedAt), items: skus.map((sku) => ({ sku })) });

  it('needs every item ordered after the cart last changed, in one order or several, none cancelled', () => {
    expect(orderThatCheckedOut(cart, [order('2026-11-26T03:00:00Z', [iphone.sku, charger.sku])])).toBe(`O-2026-11-26T03:00:00Z-${iphone.sku},${charger.sku}`);
    expect(orderThatCheckedOut(cart, [order('2026-11-26T03:00:00Z', [iphone.sku]), order('2026-11-26T04:00:00Z', [charger.sku])])).toBe(`O-2026-11-26T04:00:00Z-${charger.sku}`);
    expect(orderThatCheckedOut(cart, [order('2026-11-26T03:00:00Z', [iphone.sku])])).toBeNull();
    expect(orderThatCheckedOut(cart, [order('2026-11-26T01:00:00Z', [iphone.sku, charger.sku])])).toBeNull();
    expect(orderThatCheckedOut(cart, [order('2026-11-26T03:00:00Z', [iphone.sku, charger.sku], 'cancelled')])).toBeNull();
  });
});
