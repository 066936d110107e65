import type { WebMessage } from '@kefu/shared';
import type { RunningKefu } from '../../src/boot';
import { AuditEntry, Tenant } from '../../src/auth/models';
import { AgentTask } from '../../src/automation/models';
import { CommerceRequest } from '../../src/commerce/action-models';
import { saveConnectorSetting } from '../../src/commerce/connectors/connector-registry';
import { Kuaidi100Server } from '../commerce/support/kuaidi100-server';
import { OrderSystemServer } from '../commerce/support/order-system-server';
import { TestShopper } from '../support/shopper';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';

/** A follow-up whose outside system stays down for every attempt (Bull retries on Redis) ends in one honest message. */
describeWithServices('a commerce follow-up that keeps failing', () => {
  let kefu: RunningKefu;
  let tenantId: number;

  beforeAll(async () => {
    kefu = await startTestKefu(await productionTestEnv('follow_up_give_up'));
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
  });
  afterAll(async () => {
    await kefu?.stop();
  });

  const signedIn = (ref: string) => TestShopper.signedInDemo(kefu.url, ref);

  /** Waits until the follow-up (a bot message after `after`) arrives, then a little longer to catch duplicates. */
  async function laterBotMessages(shopper: TestShopper, after: WebMessage): Promise<WebMessage[]> {
    const deadline = Date.now() + 20_000;
    let found: WebMessage[] = [];
    while (found.length === 0 && Date.now() < deadline) {
      found = (await shopper.messages(after.id)).filter((m) => m.role === 'bot');
      if (found.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1500));
    return (await shopper.messages(after.id)).filter((m) => m.role === 'bot');
  }

  describe('logistics lookup', () => {
    let kuaidi: Kuaidi100Server;
    beforeAll(async () => {
      kuaidi = await new Kuaidi100Server('TESTCUSTOMER', 'test-key').start();
      await saveConnectorSetting(tenantId, 'logistics', 'kuaidi100', { customer: 'TESTCUSTOMER', key: 'test-key', baseUrl: kuaidi.url, timeoutMs: 300 }, kefu.runtime.cipher);
    });
    afterAll(async () => {
      await saveConnectorSetting(tenantId, 'logistics', 'builtin', undefined, kefu.runtime.cipher);
      await kuaidi.stop();
    });

    it('tells the shopper once that it cannot find the status and hands it to a person, never a guessed status', async () => {
      kuaidi.stall = true; // down for the whole test: every retry of the follow-up times out
      const zhangwei = await signedIn('zhangwei');
      const first = await zhangwei.ask('订单E20261120002到哪了');
      expect(first.text).toMatch(/正在为您查询/);
      const later = await laterBotMessages(zhangwei, first);
      expect(later).toHaveLength(1);
      expect(later[0].text).toMatch(/暂时查不到/);
      expect(later[0].text).toMatch(/已转人工/);
      expect(later[0].text).not.toMatch(/当前状态|已签收|运输中/);
      const tasks = await AgentTask.findAll({ where: { tenantId, kind: 'commerce_follow_up' } });
      expect(tasks.filter((t) => t.summary.includes('E20261120002'))).toHaveLength(1);
      expect(await AuditEntry.count({ where: { tenantId, action: 'commerce.follow_up_gave_up' } })).toBe(1);
    });
  });

  describe("the merchant's order system", () => {
    let system: OrderSystemServer;
    beforeAll(async () => {
      system = await new OrderSystemServer('tok-1').start();
      system.orders.set('E20261126902', {
        order_sn: 'E20261126902',
        buyer_id: 'zhangwei',
        state: 'WAIT_SEND',
        pay_amount: '799.00',
        receiver: { mobile: '13816627391', address: '上海市浦东新区世纪大道1号' },
        express: null,
        created: '2026-11-26T09:00:00+08:00',
        paid: '2026-11-26T09:01:00+08:00',
        goods: [{ goods_sn: 'SHOE-AF1-LOW', title: 'Nike Air Force 1', num: 1, price: '799.00' }],
      });
      await saveConnectorSetting(tenantId, 'orders', 'http', system.providerConfig(300), kefu.runtime.cipher);
    });
    afterAll(async () => {
      await saveConnectorSetting(tenantId, 'orders', 'builtin', undefined, kefu.runtime.cipher);
      await system.stop();
    });

    it('says the outcome of a request is unknown and a person checks it, instead of silence', async () => {
      const zhangwei = await signedIn('zhangwei');
      await zhangwei.ask('取消订单E20261126902');
      system.writeDelayMs = 1_500; // every write outlasts our 300 ms timeout, on every retry
      const pending = await zhangwei.ask('确认');
      expect(pending.text).toMatch(/稍后消息您/);
      const later = await laterBotMessages(zhangwei, pending);
      system.writeDelayMs = 0;
      expect(later).toHaveLength(1);
      expect(later[0].text).toMatch(/E20261126902 的申请暂时无法确认结果/);
      expect(later[0].text).toMatch(/已转人工/);
      expect(later[0].text).not.toMatch(/已取消/);
      const row = await CommerceRequest.findOne({ where: { tenantId, orderNo: 'E20261126902' } });
      expect(row!.status).toBe('pending');
      expect(row!.notifiedAt).not.toBeNull();
      expect(await AgentTask.count({ where: { tenantId, triggerKey: `follow-up:request:${row!.id}` } })).toBe(1);
    });
  });
});
