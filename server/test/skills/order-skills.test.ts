import type { WebMessage } from '@kefu/shared';
import type { RunningKefu } from '../../src/boot';
import { AuditEntry, Tenant } from '../../src/auth/models';
import { CommerceRequest } from '../../src/commerce/action-models';
import { saveConnectorSetting } from '../../src/commerce/connectors/connector-registry';
import { LogisticsEvent, Order } from '../../src/commerce/models';
import { signCallback } from '../../src/commerce/connectors/kuaidi100/kuaidi100-protocol';
import { demoOrders, demoShoppers } from '../../src/demo';
import { Kuaidi100Server } from '../commerce/support/kuaidi100-server';
import { OrderSystemServer } from '../commerce/support/order-system-server';
import { TestShopper } from '../support/shopper';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';

/** Order skills end to end on MariaDB + Redis (Bull): shopper message in, connector acted on, reply out. */
describeWithServices('order skills through the pipeline', () => {
  let kefu: RunningKefu;
  let tenantId: number;

  beforeAll(async () => {
    kefu = await startTestKefu(await productionTestEnv('order_skills'));
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
  });
  afterAll(async () => {
    await kefu?.stop();
  });

  const signedIn = (ref: string) => TestShopper.signedInDemo(kefu.url, ref);
  const orderRow = (orderNo: string) => Order.findOne({ where: { tenantId, orderNo } });

  it('shows the owner the logistics timeline and the next step', async () => {
    const zhangwei = await signedIn('zhangwei');
    const reply = await zhangwei.ask('订单E20261124005到哪了');
    expect(reply.text).toContain('E20261124005');
    expect(reply.text).toContain('当前状态：已发货');
    const logistics = reply.cards?.find((c) => c.type === 'logistics');
    const seeded = demoOrders.find((o) => o.orderNo === 'E20261124005')!.logistics;
    expect(logistics?.timeline).toHaveLength(seeded.length);
    expect(logistics?.timeline?.[0]?.text).toBe(seeded[seeded.length - 1].description);
    expect(logistics?.actions?.map((a) => a.label)).toContain('物流有问题');
  });

  it("discloses nothing about another customer's order and audits the attempt", async () => {
    const zhangwei = await signedIn('zhangwei');
    const reply = await zhangwei.ask('订单E20261125003到哪了');
    expect(reply.text).not.toMatch(/当前状态|已付款/);
    expect(reply.cards ?? []).toHaveLength(0);
    const audit = await AuditEntry.findOne({ where: { tenantId, action: 'order.access_denied', targetId: 'E20261125003' } });
    expect(audit).not.toBeNull();
  });

  it('lets an anonymous shopper prove an order with the phone’s last four digits', async () => {
    const visitor = await new TestShopper(kefu.url).start();
    const asked = await visitor.ask('订单E20261124005到哪了');
    expect(asked.text).toMatch(/后四位/);
    expect(asked.text).not.toContain('E20261124005');
    const wrong = await visitor.ask('0000');
    expect(wrong.text).toMatch(/验证未通过/);
    expect(wrong.cards ?? []).toHaveLength(0);
    const phone = demoShoppers.find((s) => s.ref === 'zhangwei')!.phone;
    const right = await visitor.ask(phone.slice(-4));
    expect(right.text).toContain('当前状态：已发货');
    expect(right.cards?.some((c) => c.type === 'logistics')).toBe(true);
    expect(await AuditEntry.count({ where: { tenantId, action: 'order.ownership_proof_failed', targetId: 'E20261124005' } })).toBeGreaterThanOrEqual(1);
  });

  it('asks an anonymous shopper to sign in before any write when no SMS provider is configured, even after the four digits', async () => {
    const visitor = await new TestShopper(kefu.url).start();
    expect((await visitor.ask('订单E20261126001到哪了')).text).toMatch(/后四位/);
    const phone = demoShoppers.find((s) => s.ref === 'zhangwei')!.phone;
    expect((await visitor.ask(phone.slice(-4))).text).toContain('当前状态');
    // Every kind of write to the order: cancel, address, item, refund, invoice.
    for (const request of ['取消订单E20261126001', '订单E20261126001修改收货地址', '订单E20261126001的鞋改成43码', '订单E20261126001申请退款', '订单E20261126001开发票']) {
      const reply = await visitor.ask(request);
      expect(reply.text).toMatch(/登录店铺账号/);
      expect(reply.cards ?? []).toHaveLength(0);
    }
    await visitor.ask('确认');
    expect((await orderRow('E20261126001'))!.status).toBe('unpaid');
    expect(await CommerceRequest.count({ where: { tenantId, orderNo: 'E20261126001' } })).toBe(0);
  });

  it('changes the address of an unshipped order after the shopper confirms, once', async () => {
    const zhangwei = await signedIn('zhangwei');
    const askAddress = await zhangwei.ask('订单E20261126001修改收货地址');
    expect(askAddress.text).toMatch(/新收货地址/);
    const newAddress = '上海市浦东新区张江路100号5栋101室';
    const confirm = await zhangwei.ask(newAddress);
    expect(confirm.cards?.[0]).toMatchObject({ type: 'confirmation', actions: [{ label: '确认' }, { label: '取消' }] });
    const done = await zhangwei.ask('是的');
    expect(done.text).toMatch(/修改成功/);
    const order = await orderRow('E20261126001');
    expect(kefu.runtime.cipher.decrypt(order!.addressEncrypted!)).toBe(newAddress);
    expect(order!.addressEncrypted).not.toContain('张江路');
    const requests = await CommerceRequest.findAll({ where: { tenantId, orderNo: 'E20261126001', kind: 'address_change' } });
    expect(requests).toHaveLength(1);
    expect(requests[0].status).toBe('done');
    expect(await AuditEntry.findOne({ where: { tenantId, action: 'order.address_change.done', targetId: 'E20261126001' } })).not.toBeNull();
  });

  it('refuses to cancel a shipped order with the policy text and changes nothing', async () => {
    const zhangwei = await signedIn('zhangwei');
    const reply = await zhangwei.ask('取消订单E20261124005');
    expect(reply.text).toMatch(/发货后无法直接取消/);
    expect((await orderRow('E20261124005'))!.status).toBe('shipped');
  });

  it('cancels only on 确认, not on 算了', async () => {
    const lina = await signedIn('lina');
    const first = await lina.ask('取消订单E20261125003');
    expect(first.cards?.[0]?.type).toBe('confirmation');
    const no = await lina.ask('算了');
    expect(no.text).toMatch(/未做任何修改/);
    expect((await orderRow('E20261125003'))!.status).toBe('paid');
    await lina.ask('取消订单E20261125003');
    const yes = await lina.ask('确认');
    expect(yes.text).toMatch(/已取消/);
    expect((await orderRow('E20261125003'))!.status).toBe('cancelled');
  });

  describe("with the merchant's own order system over HTTP", () => {
    let system: OrderSystemServer;
    beforeAll(async () => {
      system = await new OrderSystemServer('tok-1').start();
      system.orders.set('E20261126901', {
        order_sn: 'E20261126901',
        buyer_id: 'zhangwei',
        state: 'WAIT_SEND',
        pay_amount: '799.00',
        receiver: { mobile: '13816627391', address: '上海市浦东新区世纪大道1号' },
        express: null,
        created: '2026-11-26T09:00:00+08:00',
        paid: '2026-11-26T09:01:00+08:00',
        goods: [{ goods_sn: 'SHOE-AF1-LOW', title: 'Nike Air Force 1', num: 1, price: '799.00' }],
      });
      await saveConnectorSetting(tenantId, 'orders', 'http', system.providerConfig(500), kefu.runtime.cipher);
    });
    afterAll(async () => {
      await saveConnectorSetting(tenantId, 'orders', 'builtin', undefined, kefu.runtime.cipher);
      await system.stop();
    });

    it('keeps an address change the order system accepted while slow, and delivers the notice later, once', async () => {
      const zhangwei = await signedIn('zhangwei');
      await zhangwei.ask('订单E20261126901修改收货地址');
      const confirm = await zhangwei.ask('上海市徐汇区漕溪北路88号3楼');
      expect(confirm.cards?.[0]?.type).toBe('confirmation');
      system.writeDelayMs = 1500; // applies the change, answers after our 500 ms timeout
      const pending = await zhangwei.ask('是的');
      expect(pending.text).toMatch(/稍后消息您/);
      expect(pending.text).not.toMatch(/修改成功/);
      system.writeDelayMs = 0;
      const deadline = Date.now() + 20_000;
      let notice: WebMessage | undefined;
      while (!notice && Date.now() < deadline) {
        notice = (await zhangwei.messages(pending.id)).find((m) => m.role === 'bot');
        if (!notice) await new Promise((r) => setTimeout(r, 200));
      }
      expect(notice?.text).toMatch(/E20261126901 的收货地址已修改成功/);
      const addressWrites = system.writes.filter((w) => w.path.endsWith('/address'));
      expect(addressWrites.length).toBeGreaterThanOrEqual(2);
      expect(new Set(addressWrites.map((w) => w.key)).size).toBe(1);
      expect(system.appliedKeys.size).toBe(1);
      expect(system.orders.get('E20261126901')!.receiver.address).toBe('上海市徐汇区漕溪北路88号3楼');
      const row = await CommerceRequest.findOne({ where: { tenantId, orderNo: 'E20261126901' } });
      expect(row).toMatchObject({ status: 'done' });
      expect(row!.notifiedAt).not.toBeNull();
    });
  });

  describe('connector settings and the Kuaidi100 push callback', () => {
    const login = async (email: string, password: string) => {
      const response = await fetch(`${kefu.url}/api/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenantKey: 'demo', email, password }) });
      return ((await response.json()) as { token: string }).token;
    };
    const putConnector = (token: string, kind: string, body: unknown) =>
      fetch(`${kefu.url}/api/console/commerce/connectors/${kind}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    afterAll(async () => {
      await saveConnectorSetting(tenantId, 'logistics', 'builtin', undefined, kefu.runtime.cipher);
    });

    it('rejects an invalid configuration at save time with the reason, and lets only admins save', async () => {
      const owner = await login('owner@demo.kefu', 'demo-owner-pass');
      const bad = await putConnector(owner, 'orders', { provider: 'http', config: { baseUrl: 'nope' } });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await bad.json())).toMatch(/baseUrl/);
      const wrongKind = await putConnector(owner, 'orders', { provider: 'kuaidi100', config: { customer: 'c', key: 'k' } });
      expect(wrongKind.status).toBe(400);
      const viewer = await login('viewer@demo.kefu', 'demo-viewer-pass');
      expect((await putConnector(viewer, 'logistics', { provider: 'builtin' })).status).toBe(403);
      const ok = await putConnector(owner, 'logistics', { provider: 'kuaidi100', config: { customer: 'C1', key: 'K1', salt: 'pepper', callbackUrl: 'https://kefu.example/webhooks/kuaidi100/demo' } });
      expect(ok.status).toBe(200);
      expect(await AuditEntry.findOne({ where: { tenantId, action: 'commerce.connector_updated', targetId: 'logistics' } })).not.toBeNull();
    });

    it('stores the events of a correctly signed push once and refuses a forged one', async () => {
      const param = JSON.stringify({ status: 'polling', message: '', lastResult: { nu: 'SF1458802356712', com: 'shunfeng', state: '3', data: [{ context: '【上海市】推送测试：快件已由驿站代收', ftime: '2026-11-21 12:30:00', statusCode: '304' }] } });
      const post = (sign: string) => fetch(`${kefu.url}/webhooks/kuaidi100/demo`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ param, sign }).toString() });
      const forged = await post(signCallback(param, 'not-the-salt'));
      expect(forged.status).toBe(400);
      const first = await post(signCallback(param, 'pepper'));
      expect(await first.json()).toEqual({ result: true, returnCode: '200', message: '成功' });
      await post(signCallback(param, 'pepper'));
      const order = await Order.findOne({ where: { tenantId, orderNo: 'E20261120002' } });
      const pushed = await LogisticsEvent.findAll({ where: { tenantId, orderId: order!.id, description: '【上海市】推送测试：快件已由驿站代收' } });
      expect(pushed).toHaveLength(1);
      expect(pushed[0].status).toBe('已签收');
    });
  });

  describe('when the logistics provider does not answer', () => {
    let kuaidi: Kuaidi100Server;
    beforeAll(async () => {
      kuaidi = await new Kuaidi100Server('TESTCUSTOMER', 'test-key').start();
      await saveConnectorSetting(tenantId, 'logistics', 'kuaidi100', { customer: 'TESTCUSTOMER', key: 'test-key', baseUrl: kuaidi.url, timeoutMs: 300 }, kefu.runtime.cipher);
    });
    afterAll(async () => {
      await saveConnectorSetting(tenantId, 'logistics', 'builtin', undefined, kefu.runtime.cipher);
      await kuaidi.stop();
    });

    it('says it is checking, then messages the real status when the provider is back', async () => {
      kuaidi.stall = true;
      const zhangwei = await signedIn('zhangwei');
      const sent = await zhangwei.say('订单E20261120002到哪了');
      const first = await zhangwei.replyAfter(sent);
      expect(first.text).toMatch(/正在为您查询/);
      expect(first.text).not.toMatch(/当前状态/);
      expect(first.cards ?? []).toHaveLength(0);

      kuaidi.stall = false;
      kuaidi.waybills.set('SF1458802356712', { com: 'shunfeng', state: '3', data: [{ context: '【上海市】快件已签收，签收人：前台', ftime: '2026-11-21 11:42:00', statusCode: '301' }] });
      const deadline = Date.now() + 20_000;
      let later: WebMessage | undefined;
      while (!later && Date.now() < deadline) {
        later = (await zhangwei.messages(first.id)).find((m) => m.role === 'bot');
        if (!later) await new Promise((r) => setTimeout(r, 200));
      }
      expect(later?.text).toContain('最新物流：【上海市】快件已签收，签收人：前台');
      expect(later?.cards?.find((c) => c.type === 'logistics')).toMatchObject({ state: 'delivered' });
      expect(kuaidi.queries.some((q) => q.num === 'SF1458802356712' && q.com === 'shunfeng' && q.phone === demoShoppers[0].phone.slice(-4))).toBe(true);
    });
  });
});
