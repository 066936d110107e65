import type { WebMessage } from '@kefu/shared';
import type { RunningKefu } from '../../src/boot';
import { AuditEntry, Tenant } from '../../src/auth/models';
import { ChannelAccount } from '../../src/channels/models';
import { Coupon } from '../../src/commerce/action-models';
import { LogisticsEvent, Order } from '../../src/commerce/models';
import { Conversation, Message } from '../../src/conversations/models';
import { ChannelIdentity, Customer } from '../../src/customers/models';
import { PipelineEvent } from '../../src/analytics/models';
import { AgentTask, ProactiveOptOut, ProactiveSend } from '../../src/automation/models';
import { isOptOutRequest } from '../../src/automation/opt-out';
import { isQuietTime } from '../../src/automation/quiet-hours';
import { runTenantScan } from '../../src/automation/run-tenant-scan';
import { demoDate } from '../../src/demo/demo-clock';
import { eventually } from '../jobs/capture-logger';
import { ConsoleClient } from '../refund-rules/console-client';
import { TestShopper } from '../support/shopper';
import { embeddedTestEnv, startTestKefu } from '../support/start-test-kefu';

const HOUR = 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');
/** Quiet hours covering `at` (Asia/Shanghai is UTC+8 all year), computed independently of the code under test. */
const quietAround = (at: Date) => {
  const localHour = (at.getUTCHours() + 8) % 24;
  return { start: `${pad(localHour)}:00`, end: `${pad((localHour + 1) % 24)}:00` };
};

const baseSettings = {
  timeZone: 'Asia/Shanghai',
  quietHours: null as { start: string; end: string } | null,
  logistics: { enabled: false, stalledHours: 720, compensationCouponCents: 1000, monthlyBudgetCents: 50_000, createAgentTask: true },
  unpaid: { enabled: false, remindAfterMinutes: [30, 60], maxPerShopper: 1, perDays: 7 },
  carts: { enabled: false, remindAfterMinutes: [60, 1440], maxPerShopper: 2, perDays: 7 },
  highValue: { enabled: false, tiers: ['gold', 'platinum'], minLifetimeValueCents: 10_000_000, afterDeliveryDays: 3, inactiveDays: null, couponCents: 2000, monthlyBudgetCents: 2000 },
};
type Settings = typeof baseSettings;

describe('proactive service gates (embedded: SQLite, in-process queue)', () => {
  let kefu: RunningKefu;
  let tenantId: number;
  /** The demo is dated from the day it was seeded: moments of its story are read through demoDate. */
  let seededAt: Date;
  let console_: ConsoleClient;
  const shoppers: Record<string, TestShopper> = {};
  const customerIds: Record<string, number> = {};

  const configure = async (change: (s: Settings) => void) => {
    const settings = structuredClone(baseSettings);
    change(settings);
    const response = await console_.call('PUT', '/api/console/automation/settings', 'owner', settings);
    expect(response.status).toBe(200);
  };
  const scan = (now: Date) => runTenantScan(kefu.runtime, tenantId, now);
  const sendRow = (triggerKey: string) => ProactiveSend.findOne({ where: { tenantId, triggerKey } });
  const greet = async (ref: string) => {
    shoppers[ref] = await TestShopper.greetedDemoShopper(kefu.url, ref);
  };

  beforeAll(async () => {
    kefu = await startTestKefu(embeddedTestEnv({ SEED_DEMO: 'true' }));
    const tenant = (await Tenant.findOne({ where: { key: 'demo' } }))!;
    [tenantId, seededAt] = [tenant.id, tenant.createdAt];
    console_ = new ConsoleClient(kefu.url);
    for (const role of ['owner', 'agent', 'viewer'] as const) await console_.login(role);
    for (const customer of await Customer.findAll({ where: { tenantId } })) if (customer.externalRef) customerIds[customer.externalRef] = customer.id;
    await greet('zhangwei');
    await greet('lina');
  }, 300_000);
  afterAll(async () => {
    for (const shopper of Object.values(shoppers)) shopper.close();
    await kefu?.stop();
  });

  it('quiet hours wrap past midnight in the tenant time zone', () => {
    const quiet = { start: '22:00', end: '08:00' };
    expect(isQuietTime(new Date('2026-11-26T15:30:00Z'), quiet, 'Asia/Shanghai')).toBe(true); // 23:30 local
    expect(isQuietTime(new Date('2026-11-26T23:59:00Z'), quiet, 'Asia/Shanghai')).toBe(true); // 07:59 local
    expect(isQuietTime(new Date('2026-11-27T00:00:00Z'), quiet, 'Asia/Shanghai')).toBe(false); // 08:00 local
    expect(isQuietTime(new Date('2026-11-26T04:00:00Z'), quiet, 'Asia/Shanghai')).toBe(false); // 12:00 local
    expect(isQuietTime(new Date('2026-11-26T15:30:00Z'), quiet, 'UTC')).toBe(false);
  });

  it('tells an opt-out from a return or a stopped shipment', () => {
    expect(isOptOutRequest('退订')).toBe(true);
    expect(isOptOutRequest('别再发了，烦')).toBe(true);
    expect(isOptOutRequest('不要再给我发优惠券')).toBe(true);
    expect(isOptOutRequest('我要退订单E20261120002')).toBe(false);
    expect(isOptOutRequest('不要再发货了，我要取消')).toBe(false);
  });

  it('settings are validated, role-gated and audited', async () => {
    expect((await console_.call('PUT', '/api/console/automation/settings', 'agent', baseSettings)).status).toBe(403);
    const bad = await console_.call('PUT', '/api/console/automation/settings', 'owner', { ...baseSettings, quietHours: { start: '25:00', end: '08:00' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/quietHours\.start/);
    expect((await console_.call('PUT', '/api/console/automation/settings', 'owner', { ...baseSettings, timeZone: 'Mars/Olympus' })).status).toBe(400);
    await configure(() => undefined);
    expect((await console_.call('GET', '/api/console/automation/settings', 'agent')).body.settings).toEqual(baseSettings);
    expect(await AuditEntry.count({ where: { tenantId, action: 'automation.settings_updated' } })).toBe(1);
  });

  it('an unpaid-order reminder reaches the shopper once through the outbound pipeline, however often the scan runs', async () => {
    await configure((s) => (s.unpaid.enabled = true));
    const order = (await Order.findOne({ where: { tenantId, orderNo: 'E20261126001' } }))!;
    const now = new Date(order.placedAt.getTime() + 31 * 60_000);
    const first = await scan(now);
    expect(first.sent).toBe(1);
    const second = await scan(now);
    expect(second.sent).toBe(0);
    expect(second.duplicate).toBe(1);

    const reminder = await eventually(async () => {
      const found = (await shoppers.zhangwei.messages()).find((m: WebMessage) => m.role === 'bot' && m.text.includes('E20261126001') && m.text.includes('付款'));
      expect(found).toBeDefined();
      return found!;
    });
    const stored = await Message.findAll({ where: { tenantId, platformMessageId: `proactive:unpaid:${order.id}:0` } });
    expect(stored).toHaveLength(1);
    await eventually(async () => expect((await Message.findOne({ where: { tenantId, id: Number(reminder.id) } }))?.status).toBe('sent'));
    expect(await PipelineEvent.count({ where: { tenantId, type: 'proactive.sent' } })).toBe(1);
    expect(await AuditEntry.count({ where: { tenantId, action: 'proactive.sent', targetId: String(customerIds.zhangwei) } })).toBe(1);
  });

  it('sends at most N reminders per shopper', async () => {
    const order = (await Order.findOne({ where: { tenantId, orderNo: 'E20261126001' } }))!;
    const summary = await scan(new Date(order.placedAt.getTime() + 61 * 60_000));
    expect(summary.deferred.cap_reached).toBe(1);
    expect(await sendRow(`unpaid:${order.id}:1`)).toMatchObject({ status: 'deferred', deferredReason: 'cap_reached' });
  });

  it('holds a message during quiet hours and sends it on the first scan after', async () => {
    const order = (await Order.findOne({ where: { tenantId, orderNo: 'E20261126001' } }))!;
    const now = new Date(order.placedAt.getTime() + 61 * 60_000);
    await configure((s) => {
      s.unpaid.enabled = true;
      s.unpaid.maxPerShopper = 3;
      s.quietHours = quietAround(now);
    });
    expect((await scan(now)).deferred.quiet_hours).toBe(1);
    expect(await sendRow(`unpaid:${order.id}:1`)).toMatchObject({ status: 'deferred', deferredReason: 'quiet_hours' });
    const later = new Date(now.getTime() + 2 * HOUR);
    await configure((s) => {
      s.unpaid.enabled = true;
      s.unpaid.maxPerShopper = 3;
      s.quietHours = quietAround(now);
    });
    expect((await scan(later)).sent).toBe(1);
    expect(await sendRow(`unpaid:${order.id}:1`)).toMatchObject({ status: 'sent', deferredReason: null });
  });

  it('honours a shopper who says 不要再发, until an agent turns messages back on', async () => {
    const confirmation = await shoppers.zhangwei.replyAfter(await shoppers.zhangwei.say('以后不要再发这种消息了'));
    expect(confirmation.text).toMatch(/已为您退订/);
    await configure((s) => (s.highValue.enabled = true));
    // E20261120002 (zhangwei, gold) was signed for on the demo's 11-21; the thank-you coupon is due 3 days later.
    const now = demoDate('2026-11-25T14:00:00+08:00', seededAt);
    const delivered = (await Order.findOne({ where: { tenantId, orderNo: 'E20261120002' } }))!;
    const key = `high_value:delivered:${delivered.id}`;
    expect((await scan(now)).deferred.opted_out).toBeGreaterThanOrEqual(1);
    expect(await sendRow(key)).toMatchObject({ status: 'deferred', deferredReason: 'opted_out' });
    expect(await ProactiveOptOut.findOne({ where: { tenantId, customerId: customerIds.zhangwei } })).toMatchObject({ source: 'shopper' });
    expect(await AuditEntry.count({ where: { tenantId, action: 'proactive.opted_out', targetId: String(customerIds.zhangwei) } })).toBe(1);

    expect((await console_.call('PUT', `/api/console/automation/opt-outs/${customerIds.zhangwei}`, 'viewer', { optedOut: false })).status).toBe(403);
    const optIn = await console_.call('PUT', `/api/console/automation/opt-outs/${customerIds.zhangwei}`, 'agent', { optedOut: false });
    expect(optIn.body).toEqual({ customerId: customerIds.zhangwei, optedOut: false, source: null });
    await scan(now);
    const sent = (await sendRow(key))!;
    expect(sent).toMatchObject({ status: 'sent', couponCents: 2000 });
    const message = (await Message.findOne({ where: { tenantId, id: sent.messageId! } }))!;
    expect(message.text).toContain(sent.couponCode!);
    // Issued through the marketing connector, so the shopper can use it and the coupon skill finds it.
    expect(await Coupon.findOne({ where: { tenantId, code: sent.couponCode! } })).toMatchObject({ customerId: customerIds.zhangwei, discountCents: 2000, status: 'available' });
  });

  it('keeps coupons within the monthly budget and honours the console opt-out flag', async () => {
    // A delivered order for lina (platinum) in the same month: her coupon would exceed the 20-yuan budget zhangwei used up.
    const order = await Order.create({ tenantId, orderNo: 'T-LINA-1', customerId: customerIds.lina, status: 'delivered', items: [], totalCents: 9900, recipientName: null, phoneEncrypted: null, addressEncrypted: null, carrier: null, trackingNo: null, placedAt: demoDate('2026-11-18T10:00:00+08:00', seededAt), paidAt: null, shippedAt: null });
    await LogisticsEvent.create({ tenantId, orderId: order.id, occurredAt: demoDate('2026-11-21T13:00:00+08:00', seededAt), status: '已签收', description: '快件已签收' });
    // The moment zhangwei's coupon went out above: the same budget month.
    const now = demoDate('2026-11-25T14:00:00+08:00', seededAt);
    const key = `high_value:delivered:${order.id}`;

    expect((await console_.call('PUT', `/api/console/automation/opt-outs/${customerIds.lina}`, 'agent', { optedOut: true })).body).toMatchObject({ optedOut: true, source: 'console' });
    await scan(now);
    expect(await sendRow(key)).toMatchObject({ status: 'deferred', deferredReason: 'opted_out' });

    await console_.call('PUT', `/api/console/automation/opt-outs/${customerIds.lina}`, 'agent', { optedOut: false });
    await scan(now);
    expect(await sendRow(key)).toMatchObject({ status: 'deferred', deferredReason: 'budget_exhausted' });
    expect(await Message.count({ where: { tenantId, platformMessageId: `proactive:${key}` } })).toBe(0);
    expect((await console_.call('PUT', '/api/console/automation/opt-outs/999999', 'agent', { optedOut: true })).status).toBe(404);
  });

  it('respects the WeChat 48-hour window and its five-message quota', async () => {
    const account = await ChannelAccount.create({ tenantId, platform: 'wechat', appId: 'wx-window-test', name: '公众号', credentialsEncrypted: null, unionScope: null });
    const customer = await Customer.create({ tenantId, displayName: '窗口测试', externalRef: 'window-test', phoneEncrypted: null, phoneHash: null, addressEncrypted: null, memberLevel: null });
    const identity = await ChannelIdentity.create({ tenantId, channelAccountId: account.id, externalId: 'openid-window', unionId: null, customerId: customer.id, displayName: null });
    const conversation = await Conversation.create({ tenantId, customerId: customer.id, channelAccountId: account.id, channelIdentityId: identity.id, status: 'open', lastMessageAt: new Date() });
    const said = await Message.create({ tenantId, conversationId: conversation.id, channelAccountId: account.id, platformMessageId: 'wx-msg-1', role: 'shopper', kind: 'text', text: '在吗', status: 'answered' });
    const placedAt = new Date(said.createdAt.getTime() + 46.5 * HOUR);
    const order = await Order.create({ tenantId, orderNo: 'T-WX-1', customerId: customer.id, status: 'unpaid', items: [], totalCents: 5000, recipientName: null, phoneEncrypted: null, addressEncrypted: null, carrier: null, trackingNo: null, placedAt, paidAt: null, shippedAt: null });
    const insideWindow = new Date(said.createdAt.getTime() + 47 * HOUR);
    const outsideWindow = new Date(said.createdAt.getTime() + 49 * HOUR);
    await configure((s) => {
      s.unpaid.enabled = true;
      s.unpaid.maxPerShopper = 5;
      // Quiet at the in-window moment, so the gate after the window is what stops the send: no real WeChat call.
      s.quietHours = quietAround(insideWindow);
    });

    await scan(outsideWindow);
    expect(await sendRow(`unpaid:${order.id}:1`)).toMatchObject({ status: 'deferred', deferredReason: 'outside_window' });
    await scan(insideWindow);
    expect(await sendRow(`unpaid:${order.id}:0`)).toMatchObject({ status: 'deferred', deferredReason: 'quiet_hours' });
    for (let n = 0; n < 5; n += 1) {
      await Message.create({ tenantId, conversationId: conversation.id, channelAccountId: account.id, platformMessageId: `wx-bot-${n}`, role: 'bot', kind: 'text', text: '…', status: 'sent' });
    }
    await scan(insideWindow);
    expect(await sendRow(`unpaid:${order.id}:0`)).toMatchObject({ status: 'deferred', deferredReason: 'quota_used' });
    expect(await Message.count({ where: { tenantId, conversationId: conversation.id, platformMessageId: `proactive:unpaid:${order.id}:0` } })).toBe(0);
  });

  it('a lost parcel leaves one task for an agent even when the shopper cannot be messaged', async () => {
    const order = (await Order.findOne({ where: { tenantId, orderNo: 'E20261124008' } }))!; // liuyang, never wrote to us
    await LogisticsEvent.create({ tenantId, orderId: order.id, occurredAt: new Date(), status: '异常', description: '【深圳市】快件丢失，正在核实' });
    await configure((s) => (s.logistics.enabled = true));
    const now = new Date();
    await scan(now);
    await scan(now);
    expect(await sendRow(`logistics:${order.id}:lost`)).toMatchObject({ status: 'deferred', deferredReason: 'no_channel' });
    const tasks = await AgentTask.findAll({ where: { tenantId, orderId: order.id } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0].summary).toMatch(/E20261124008.*丢失/);
    expect(await PipelineEvent.count({ where: { tenantId, type: 'automation.task_created' } })).toBe(1);
    const listed = await console_.call('GET', '/api/console/automation/tasks?status=open', 'agent');
    expect(listed.body.tasks).toEqual([expect.objectContaining({ orderId: order.id, kind: 'logistics' })]);
    // zhaolei's parcel stuck in 乌鲁木齐 (异常) needs an apology but no agent decision.
    const stuck = (await Order.findOne({ where: { tenantId, orderNo: 'E20261117005' } }))!;
    expect(await sendRow(`logistics:${stuck.id}:exception`)).toMatchObject({ status: 'deferred', deferredReason: 'no_channel' });
    expect(await AgentTask.count({ where: { tenantId, orderId: stuck.id } })).toBe(0);
  });
});
