import type { RunningKefu } from '../../src/boot';
import { AuditEntry, Tenant } from '../../src/auth/models';
import { saveConnectorSetting } from '../../src/commerce/connectors/connector-registry';
import { signCallback } from '../../src/commerce/connectors/kuaidi100/kuaidi100-protocol';
import { LogisticsEvent, Order } from '../../src/commerce/models';
import { subscribeNewWaybills, WAYBILL_SUBSCRIBE_JOB_KIND } from '../../src/commerce/waybill-subscriptions';
import { demoShoppers } from '../../src/demo';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';
import { Kuaidi100Server } from './support/kuaidi100-server';

type Subscription = { company: string; number: string; key: string; parameters: { callbackurl: string; salt: string; phone?: string } };

/** A shipped order's waybill is subscribed at Kuaidi100 by the Bull job, once, and its pushes are stored. */
describeWithServices('Kuaidi100 subscription when an order gets a waybill', () => {
  let kefu: RunningKefu;
  let kuaidi: Kuaidi100Server;
  let tenantId: number;
  const waybill = 'SF1470000000001';
  const subscriptionsOf = (number: string) => (kuaidi.subscriptions as Subscription[]).filter((s) => s.number === number);

  beforeAll(async () => {
    kefu = await startTestKefu(await productionTestEnv('waybill_subscribe'));
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
    kuaidi = await new Kuaidi100Server('TESTCUSTOMER', 'test-key').start();
    await saveConnectorSetting(tenantId, 'logistics', 'kuaidi100', { customer: 'TESTCUSTOMER', key: 'test-key', baseUrl: kuaidi.url, timeoutMs: 300, callbackUrl: `${kefu.url}/webhooks/kuaidi100/demo`, salt: 'pepper' }, kefu.runtime.cipher);
  });
  afterAll(async () => {
    await kefu?.stop();
    await kuaidi?.stop();
  });

  it('subscribes a newly shipped waybill from the scheduled job, with our callback and salt', async () => {
    // The merchant's warehouse ships wangfang's paid order: it gets a carrier and a waybill.
    await Order.update({ status: 'shipped', carrier: '顺丰速运', trackingNo: waybill, shippedAt: new Date() }, { where: { tenantId, orderNo: 'E20261126003' } });
    await kefu.runtime.queues.scheduled.add({ kind: WAYBILL_SUBSCRIBE_JOB_KIND }, { jobId: 'waybill-test-1' });
    const deadline = Date.now() + 15_000;
    while (subscriptionsOf(waybill).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const [subscription] = subscriptionsOf(waybill);
    expect(subscription).toMatchObject({ company: 'shunfeng', key: 'test-key', parameters: { callbackurl: `${kefu.url}/webhooks/kuaidi100/demo`, salt: 'pepper' } });
    const wangfang = demoShoppers.find((s) => s.ref === 'wangfang')!;
    expect(subscription.parameters.phone).toBe(wangfang.phone.slice(-4));
    const audit = await AuditEntry.findOne({ where: { tenantId, action: 'logistics.waybill_subscribed', targetId: waybill } });
    expect(audit?.details).toMatchObject({ orderNo: 'E20261126003' });
    // Let the sweep finish the tenant's other shipped orders before the next test counts.
    const settled = Date.now() + 15_000;
    for (let c = await kefu.runtime.queues.scheduled.counts(); (c.active > 0 || c.waiting > 0) && Date.now() < settled; c = await kefu.runtime.queues.scheduled.counts()) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('does not subscribe the same waybill again on the next sweep', async () => {
    const before = kuaidi.subscriptions.length;
    expect(await subscribeNewWaybills(kefu.runtime, tenantId, new Date())).toBe(0);
    expect(kuaidi.subscriptions.length).toBe(before);
    expect(subscriptionsOf(waybill)).toHaveLength(1);
  });

  it('retries a subscription Kuaidi100 did not answer, and records it only when it succeeded', async () => {
    await Order.update({ status: 'shipped', carrier: '中通快递', trackingNo: '78400000000002', shippedAt: new Date() }, { where: { tenantId, orderNo: 'E20261125003' } });
    kuaidi.stall = true;
    await expect(subscribeNewWaybills(kefu.runtime, tenantId, new Date())).rejects.toThrow(/subscriptions failed/);
    expect(await AuditEntry.count({ where: { tenantId, action: 'logistics.waybill_subscribed', targetId: '78400000000002' } })).toBe(0);
    kuaidi.stall = false;
    // The breaker may still be open from the stall; a later sweep (the job's retry) gets through.
    const deadline = Date.now() + 15_000;
    let subscribed = 0;
    while (subscribed === 0 && Date.now() < deadline) {
      subscribed = await subscribeNewWaybills(kefu.runtime, tenantId, new Date()).catch(() => 0);
      if (subscribed === 0) await new Promise((r) => setTimeout(r, 500));
    }
    expect(subscribed).toBe(1);
    expect(subscriptionsOf('78400000000002')).toEqual([expect.objectContaining({ company: 'zhongtong' })]);
  });

  it('stores the pushes Kuaidi100 then sends for that waybill', async () => {
    const [subscription] = subscriptionsOf(waybill);
    const param = JSON.stringify({ status: 'polling', message: '', lastResult: { nu: waybill, com: 'shunfeng', state: '0', data: [{ context: '【杭州市】快件已发车，正发往【北京顺义集散中心】', ftime: '2026-11-26 20:10:00', statusCode: '0' }] } });
    const response = await fetch(subscription.parameters.callbackurl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ param, sign: signCallback(param, subscription.parameters.salt) }).toString() });
    expect(await response.json()).toMatchObject({ result: true });
    const order = await Order.findOne({ where: { tenantId, orderNo: 'E20261126003' } });
    const events = await LogisticsEvent.findAll({ where: { tenantId, orderId: order!.id } });
    expect(events.map((e) => e.description)).toEqual(['【杭州市】快件已发车，正发往【北京顺义集散中心】']);
  });
});
