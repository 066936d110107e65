import type { WebMessage } from '@kefu/shared';
import type { RunningKefu } from '../../src/boot';
import { Tenant } from '../../src/auth/models';
import { PipelineEvent } from '../../src/analytics/models';
import { ProactiveSend } from '../../src/automation/models';
import { scheduleAutomationScan } from '../../src/automation/scan-job';
import { Order } from '../../src/commerce/models';
import { Message } from '../../src/conversations/models';
import { eventually } from '../jobs/capture-logger';
import { ConsoleClient } from '../refund-rules/console-client';
import { TestShopper } from '../support/shopper';
import { embeddedTestEnv, productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';

// A loaded CI machine can take a while per scan; the assertions, not the clock, decide.
jest.setTimeout(240_000);

/**
 * The proactive service end to end: the repeatable scan job fires by itself (a Bull repeatable job
 * on real Redis, or the in-process queue's timer); the shopper receives the apology once, over the web channel.
 */
function proactiveEndToEnd(env: () => Promise<Record<string, string>>): void {
  let kefu: RunningKefu;
  let tenantId: number;
  let shopper: TestShopper;
  const console_ = () => new ConsoleClient(kefu.url);

  beforeAll(async () => {
    kefu = await startTestKefu(await env());
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
    shopper = await new TestShopper(kefu.url).start({ tenantKey: 'demo', shopperToken: TestShopper.demoShopperToken('zhaolei') });
    await shopper.replyAfter(await shopper.say('你好'));
  }, 300_000);
  afterAll(async () => {
    shopper?.close();
    await kefu?.stop();
  });

  it('the repeatable scan finds the stuck parcel and apologises once with the fixes on offer, however many times it runs', async () => {
    const client = console_();
    await client.login('owner');
    const settings = (await client.call('GET', '/api/console/automation/settings', 'owner')).body.settings as Record<string, Record<string, unknown>>;
    expect(settings.logistics.enabled).toBe(false);
    const saved = await client.call('PUT', '/api/console/automation/settings', 'owner', { ...settings, quietHours: null, logistics: { ...settings.logistics, enabled: true } });
    expect(saved.status).toBe(200);

    const completedBefore = (await kefu.runtime.queues.scheduled.counts()).completed;
    await scheduleAutomationScan(kefu.runtime, 400);

    const apology = await eventually(async () => {
      const found = (await shopper.messages()).find((m: WebMessage) => m.role === 'bot' && m.text.includes('E20261117005'));
      expect(found).toBeDefined();
      return found!;
    }, 90_000);
    expect(apology.text).toMatch(/抱歉/);
    expect(apology.text).toMatch(/券码 KF[0-9A-F]{10}/);
    expect(apology.cards?.[0].actions?.map((a) => a.label)).toEqual(['重新发货', '申请退款', '继续等待']);

    // Let the schedule run several more times (each run is a fan-out job plus a tenant job).
    await eventually(async () => expect((await kefu.runtime.queues.scheduled.counts()).completed).toBeGreaterThanOrEqual(completedBefore + 8), 90_000, 100);
    const order = (await Order.findOne({ where: { tenantId, orderNo: 'E20261117005' } }))!;
    expect(await Message.count({ where: { tenantId, platformMessageId: `proactive:logistics:${order.id}:exception` } })).toBe(1);
    expect(await PipelineEvent.count({ where: { tenantId, type: 'proactive.sent' } })).toBe(1);
    await eventually(async () => expect((await Message.findOne({ where: { tenantId, id: Number(apology.id) } }))?.status).toBe('sent'));
    expect(await ProactiveSend.findOne({ where: { tenantId, triggerKey: `logistics:${order.id}:exception` } })).toMatchObject({ status: 'sent', couponCents: 1000 });
  });

  it('lists sends for agents and lets admins ask for a scan now', async () => {
    const client = console_();
    await client.login('agent');
    await client.login('owner');
    const sends = await client.call('GET', '/api/console/automation/sends?status=sent', 'agent');
    expect(sends.body.sends).toEqual([expect.objectContaining({ kind: 'logistics', status: 'sent', couponCents: 1000 })]);
    expect((await client.call('GET', '/api/console/automation/sends?status=bogus', 'agent')).status).toBe(400);
    expect((await client.call('POST', '/api/console/automation/scan', 'agent')).status).toBe(403);
    const requested = await client.call('POST', '/api/console/automation/scan', 'owner');
    expect(requested.status).toBe(202);
    const completed = (await kefu.runtime.queues.scheduled.counts()).completed;
    await eventually(async () => expect((await kefu.runtime.queues.scheduled.counts()).completed).toBeGreaterThan(completed), 60_000, 100);
    expect(await PipelineEvent.count({ where: { tenantId, type: 'proactive.sent' } })).toBe(1);
  });
}

describeWithServices('proactive service on Bull and MariaDB', () => proactiveEndToEnd(() => productionTestEnv('proactive')));
describe('proactive service on the in-process queue and SQLite', () => proactiveEndToEnd(async () => embeddedTestEnv({ SEED_DEMO: 'true' })));
