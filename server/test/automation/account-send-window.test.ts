import { douyinProtocol } from '@kefu/adapter-douyin';
import { wechatProtocol } from '@kefu/adapter-wechat';
import type { RunningKefu } from '../../src/boot';
import { Tenant } from '../../src/auth/models';
import { ProactiveSend } from '../../src/automation/models';
import { runTenantScan } from '../../src/automation/run-tenant-scan';
import { sendWindowFor } from '../../src/channels/send-window';
import { automationSettingsSchema } from '../../src/automation/settings-schema';
import { saveAutomationSettings } from '../../src/automation/settings-service';
import { encryptChannelConfig } from '../../src/channels/channel-account-config';
import { ChannelAccount } from '../../src/channels/models';
import { Order } from '../../src/commerce/models';
import { Conversation, Message } from '../../src/conversations/models';
import { ChannelIdentity, Customer } from '../../src/customers/models';
import { embeddedTestEnv, startTestKefu } from '../support/start-test-kefu';

const HOUR = 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');
/** Quiet hours covering both moments (Asia/Shanghai is UTC+8 all year), so no scan here ever reaches Douyin's API. */
const quietAround = (from: Date, to: Date) => ({ start: `${pad((from.getUTCHours() + 8) % 24)}:00`, end: `${pad((to.getUTCHours() + 8 + 1) % 24)}:00` });

describe('send window of a channel account', () => {
  it("takes the platform's sendingRules, and the account's own limits over them", () => {
    expect(sendWindowFor(wechatProtocol.sendingRules, undefined)).toEqual({ hours: 48, quota: 5 });
    expect(sendWindowFor(douyinProtocol.sendingRules, undefined)).toEqual({ hours: douyinProtocol.sendingRules.replyWindowHours, quota: douyinProtocol.sendingRules.repliesPerInbound });
    expect(sendWindowFor(douyinProtocol.sendingRules, { clientKey: 'k', replyWindowHours: 12, repliesPerInbound: 2 })).toEqual({ hours: 12, quota: 2 });
    expect(sendWindowFor({ replyWindowHours: 48 }, {})).toEqual({ hours: 48, quota: Number.POSITIVE_INFINITY });
    // Web widget, Lark, Wechaty: no window at all.
    expect(sendWindowFor(undefined, undefined)).toBeNull();
    expect(sendWindowFor({ maxSendsPerSecond: 5 }, undefined)).toBeNull();
  });
});

/**
 * A Douyin account whose merchant set a 12-hour window and two replies per shopper message (the
 * platform's limits are unconfirmed, so they are account settings): the proactive service keeps to
 * them, not to the platform defaults (24 h, 6).
 */
describe('proactive sends on a Douyin account with its own limits (embedded)', () => {
  let kefu: RunningKefu;
  let tenantId: number;

  beforeAll(async () => {
    kefu = await startTestKefu(embeddedTestEnv({ SEED_DEMO: 'true' }));
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
  }, 300_000);
  afterAll(async () => {
    await kefu?.stop();
  });

  it('defers outside the account window and after the account quota, where the platform defaults would still allow', async () => {
    const config = douyinProtocol.configSchema.parse({ clientKey: 'ck-window', clientSecret: 'cs-window', businessOpenId: 'biz-open-id', replyWindowHours: 12, repliesPerInbound: 2 });
    const account = await ChannelAccount.create({ tenantId, platform: 'douyin', appId: 'ck-window', name: '抖音号', credentialsEncrypted: encryptChannelConfig(kefu.runtime.cipher, config), unionScope: null });
    const customer = await Customer.create({ tenantId, displayName: '抖音顾客', externalRef: 'douyin-window', phoneEncrypted: null, phoneHash: null, addressEncrypted: null, memberLevel: null });
    const identity = await ChannelIdentity.create({ tenantId, channelAccountId: account.id, externalId: 'dy-open-id', unionId: null, customerId: customer.id, displayName: null });
    const conversation = await Conversation.create({ tenantId, customerId: customer.id, channelAccountId: account.id, channelIdentityId: identity.id, status: 'open', lastMessageAt: new Date() });
    const said = await Message.create({ tenantId, conversationId: conversation.id, channelAccountId: account.id, platformMessageId: 'dy-msg-1', role: 'shopper', kind: 'text', text: '在吗', status: 'answered' });
    const order = await Order.create({ tenantId, orderNo: 'T-DY-1', customerId: customer.id, status: 'unpaid', items: [], totalCents: 5000, recipientName: null, phoneEncrypted: null, addressEncrypted: null, carrier: null, trackingNo: null, placedAt: new Date(said.createdAt.getTime() + 11 * HOUR), paidAt: null, shippedAt: null });
    const insideAccountWindow = new Date(said.createdAt.getTime() + 11.75 * HOUR);
    const outsideAccountWindow = new Date(said.createdAt.getTime() + 13 * HOUR); // inside Douyin's default 24 h
    const settings = automationSettingsSchema.parse({ quietHours: quietAround(insideAccountWindow, outsideAccountWindow), unpaid: { enabled: true, maxPerShopper: 5 } });
    await saveAutomationSettings(tenantId, settings);
    const row = () => ProactiveSend.findOne({ where: { tenantId, triggerKey: `unpaid:${order.id}:0` } });

    await runTenantScan(kefu.runtime, tenantId, outsideAccountWindow);
    expect(await row()).toMatchObject({ status: 'deferred', deferredReason: 'outside_window' });

    await runTenantScan(kefu.runtime, tenantId, insideAccountWindow);
    expect(await row()).toMatchObject({ status: 'deferred', deferredReason: 'quiet_hours' });

    // Two bot messages since the shopper wrote: the account's quota of two is used up (Douyin's default is six).
    for (const n of [1, 2]) {
      await Message.create({ tenantId, conversationId: conversation.id, channelAccountId: account.id, platformMessageId: `dy-bot-${n}`, role: 'bot', kind: 'text', text: '…', status: 'sent' });
    }
    await runTenantScan(kefu.runtime, tenantId, insideAccountWindow);
    expect(await row()).toMatchObject({ status: 'deferred', deferredReason: 'quota_used' });
    expect(await Message.count({ where: { tenantId, conversationId: conversation.id, platformMessageId: `proactive:unpaid:${order.id}:0` } })).toBe(0);
  });
});
