import { randomBytes } from 'node:crypto';
import type { RunningKefu } from '../../src/boot';
import { AuditEntry, Tenant } from '../../src/auth/models';
import { CommerceRequest } from '../../src/commerce/action-models';
import { PipelineEvent } from '../../src/analytics/models';
import { Message } from '../../src/conversations/models';
import { Order } from '../../src/commerce/models';
import { demoShoppers } from '../../src/demo';
import { OrderProofCode, OrderProofCounter } from '../../src/order-proof/models';
import { LocalLarkServer } from '../../../adapters/lark/test/support/local-lark-server';
import { AGENT_CHAT, LARK_APP, connectLarkDesk, consoleAs, waitFor } from '../agents/desk-test-kit';
import { SmsGatewayServer } from '../support/sms-gateway-server';
import { TestShopper } from '../support/shopper';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';

/**
 * Proving an order is yours, hardened (issue 17): failed four-digit proofs count across questions,
 * conversations and sessions until the order locks; writes by an anonymous shopper need a one-time
 * code from the (local) SMS gateway. MariaDB + Redis, through the web channel.
 */
describeWithServices('order ownership proof', () => {
  let kefu: RunningKefu;
  let tenantId: number;
  const sms = new SmsGatewayServer(randomBytes(24).toString('hex'));
  // The merchant's agents' group, where a lock is announced.
  const lark = new LocalLarkServer(LARK_APP, new Set([AGENT_CHAT]));

  beforeAll(async () => {
    await sms.start();
    await lark.start();
    kefu = await startTestKefu(await productionTestEnv('order_proof', { SMS_PROVIDER_URL: sms.sendUrl, SMS_SIGNING_SECRET: sms.secret }));
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
    await connectLarkDesk(kefu, lark);
  });
  afterAll(async () => {
    await kefu?.stop();
    await sms.stop();
    await lark.stop();
  });
  // Every test starts with fresh limits and codes (all sessions share the loopback address).
  beforeEach(async () => {
    await OrderProofCounter.destroy({ where: { tenantId } });
    await OrderProofCode.destroy({ where: { tenantId } });
    sms.sent.length = 0;
  });

  const visitor = () => new TestShopper(kefu.url).start();
  const phoneOf = (ref: string) => demoShoppers.find((s) => s.ref === ref)!.phone;
  const orderRow = (orderNo: string) => Order.findOne({ where: { tenantId, orderNo } });
  /** The backoff between tries runs on the clock; tests let it pass by moving the stored time, not by waiting. */
  const letBackoffPass = () => OrderProofCounter.update({ nextAttemptAt: null }, { where: { tenantId } });
  /** Any six digits but the code that was sent. */
  const wrongCode = (code: string, n: number) => String((Number(code) + n) % 1_000_000).padStart(6, '0');

  async function askAbout(shopper: TestShopper, orderNo: string) {
    return shopper.ask(`订单${orderNo}到哪了`);
  }

  async function proveDigits(shopper: TestShopper, orderNo: string, ref: string) {
    expect((await askAbout(shopper, orderNo)).text).toMatch(/后四位/);
    expect((await shopper.ask(phoneOf(ref).slice(-4))).text).toContain('当前状态');
  }

  it('counts failed guesses across asking again and new sessions, then refuses even the right digits', async () => {
    const orderNo = 'E20261124005';
    const first = await visitor();
    for (const guess of ['0000', '1111']) {
      expect((await askAbout(first, orderNo)).text).toMatch(/后四位/);
      expect((await first.ask(guess)).text).toMatch(/验证未通过，请核对/);
    }
    // Asking again buys nothing: the third miss starts the backoff, and asking once more meets it.
    expect((await askAbout(first, orderNo)).text).toMatch(/后四位/);
    const third = await first.ask('2222');
    expect(third.text).toMatch(/次数过多/);
    const reasked = await askAbout(first, orderNo);
    expect(reasked.text).toBe(third.text);
    await letBackoffPass();

    const second = await visitor();
    const third2 = await visitor();
    const late = await visitor();
    expect((await askAbout(second, orderNo)).text).toMatch(/后四位/);
    expect((await askAbout(third2, orderNo)).text).toMatch(/后四位/);
    expect((await second.ask('3333')).text).toMatch(/次数过多/);
    await letBackoffPass();
    expect((await askAbout(late, orderNo)).text).toMatch(/后四位/);
    expect((await third2.ask('4444')).text).toMatch(/次数过多/);
    await letBackoffPass();

    // Locked: the right digits, typed into a question asked before the lock, are not even checked.
    const right = await late.ask(phoneOf('zhangwei').slice(-4));
    expect(right.text).toBe(third.text);
    expect(right.cards ?? []).toHaveLength(0);
    const fresh = await visitor();
    const refused = await askAbout(fresh, orderNo);
    expect(refused.text).toBe(third.text);
    expect(refused.text).not.toMatch(/后四位|当前状态/);
    const counter = await OrderProofCounter.findOne({ where: { tenantId, scope: 'order', subject: orderNo } });
    expect(counter!.failures).toBe(5);
    expect(counter!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());

    // The owner, signed in, is not locked out of their own order.
    const owner = await TestShopper.signedInDemo(kefu.url, 'zhangwei');
    expect((await askAbout(owner, orderNo)).text).toContain('当前状态');
  });

  it('answers a made-up order number with the same words when it locks, so the lock reveals nothing', async () => {
    const real = await lockByGuessing('E20261124008');
    await OrderProofCounter.destroy({ where: { tenantId } });
    const madeUp = await lockByGuessing('E29990101999');
    expect(real).not.toMatch(/后四位|当前状态/);
    expect(madeUp).toBe(real);
  });

  /** Five misses from one session (the backoff let pass between them); returns the reply that refuses the next question. */
  async function lockByGuessing(orderNo: string): Promise<string> {
    const shopper = await visitor();
    for (let n = 0; n < 5; n += 1) {
      expect((await askAbout(shopper, orderNo)).text).toMatch(/后四位/);
      await shopper.ask(`000${n}`);
      await letBackoffPass();
    }
    return (await askAbout(shopper, orderNo)).text;
  }

  it('audits the lock once, records an event for analytics and alerts the agents’ group', async () => {
    const orderNo = 'E20261117005';
    await lockByGuessing(orderNo);
    const shopper = await visitor();
    await askAbout(shopper, orderNo);
    const audits = await AuditEntry.findAll({ where: { tenantId, action: 'order.ownership_proof_locked', targetId: orderNo } });
    const scopes = audits.map((a) => (a.details as { scope: string }).scope).sort();
    // The one session that guessed locked itself (device and customer) as well as the order.
    expect(scopes).toEqual(['customer', 'identity', 'order']);
    const events = await PipelineEvent.findAll({ where: { tenantId, type: 'order.ownership_proof_locked' } });
    const orderEvents = events.filter((e) => e.payload.orderNo === orderNo && e.payload.scope === 'order');
    expect(orderEvents).toHaveLength(1);
    expect(orderEvents[0].payload).toMatchObject({ failures: 5 });
    const alert = await waitFor('the lock alert card', () => lark.sent.find((m) => m.chatId === AGENT_CHAT && m.content.includes(orderNo)));
    expect(alert.content).toMatch(/验证已锁定/);
    expect(lark.sent.filter((m) => m.content.includes(orderNo))).toHaveLength(1);
  });

  it('lists locked orders to agents and lets an admin unlock one, audited', async () => {
    const orderNo = 'E20261120002';
    await lockByGuessing(orderNo);
    const agent = await consoleAs(kefu, 'agent@demo.kefu', 'demo-agent-pass');
    const owner = await consoleAs(kefu, 'owner@demo.kefu', 'demo-owner-pass');
    const listed = await agent('GET', '/api/console/order-proof/locks');
    expect(listed.body.locks).toEqual([expect.objectContaining({ orderNo, failures: 5 })]);
    expect((await agent('DELETE', `/api/console/order-proof/locks/${orderNo}`)).status).toBe(403);
    expect((await owner('DELETE', `/api/console/order-proof/locks/${orderNo.toLowerCase()}`)).status).toBe(204);
    expect(await AuditEntry.count({ where: { tenantId, action: 'order.ownership_proof_unlocked', targetId: orderNo } })).toBe(1);
    expect((await owner('DELETE', `/api/console/order-proof/locks/${orderNo}`)).status).toBe(404);
    // A new device may try again; the one that guessed is still held by its own limit.
    expect((await askAbout(await visitor(), orderNo)).text).toMatch(/后四位/);
  });

  it('makes an anonymous shopper who proved four digits give the SMS code before a cancel, then cancels', async () => {
    const orderNo = 'E20261126001';
    const shopper = await visitor();
    await proveDigits(shopper, orderNo, 'zhangwei');
    const asked = await shopper.ask(`取消订单${orderNo}`);
    const phone = phoneOf('zhangwei');
    expect(asked.text).toContain(`验证码已发送至 ${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(asked.cards ?? []).toHaveLength(0);
    expect(sms.sent).toEqual([{ tenantId, phone, template: 'order_proof_code', params: { code: expect.stringMatching(/^\d{6}$/) } }]);
    expect(sms.rejected).toBe(0);
    const code = sms.lastCodeFor(phone);
    expect(code).toMatch(/^\d{6}$/);
    expect(await CommerceRequest.count({ where: { tenantId, orderNo } })).toBe(0);

    const confirm = await shopper.ask(code);
    expect(confirm.cards?.[0]?.type).toBe('confirmation');
    expect((await shopper.ask('确认')).text).toMatch(/已取消/);
    expect((await orderRow(orderNo))!.status).toBe('cancelled');

    // The code went to the gateway only: not into the bot's messages, the audit log or the events.
    const botTexts = (await Message.findAll({ where: { tenantId, role: 'bot' } })).map((m) => m.text + JSON.stringify(m.cards));
    expect(botTexts.join('\n')).not.toContain(code);
    const audit = (await AuditEntry.findAll({ where: { tenantId } })).map((a) => JSON.stringify(a.details));
    expect(audit.join('\n')).not.toContain(code);
    const events = (await PipelineEvent.findAll({ where: { tenantId } })).map((e) => JSON.stringify(e.payload));
    expect(events.join('\n')).not.toContain(code);
  });

  it('refuses a refund after three wrong codes, and the right one afterwards changes nothing', async () => {
    const orderNo = 'E20261125003';
    const shopper = await visitor();
    await proveDigits(shopper, orderNo, 'lina');
    expect((await shopper.ask(`订单${orderNo}申请退款`)).text).toMatch(/验证码已发送至/);
    const code = sms.lastCodeFor(phoneOf('lina'));
    expect((await shopper.ask(wrongCode(code, 1))).text).toMatch(/还可尝试 2 次/);
    expect((await shopper.ask(wrongCode(code, 2))).text).toMatch(/还可尝试 1 次/);
    expect((await shopper.ask(wrongCode(code, 3))).text).toMatch(/已失效或错误次数过多/);
    await shopper.ask(code);
    expect(await CommerceRequest.count({ where: { tenantId, orderNo } })).toBe(0);
    expect((await orderRow(orderNo))!.status).toBe('paid');
  });

  it('refuses an expired code for an address change', async () => {
    const orderNo = 'E20261126003';
    const shopper = await visitor();
    await proveDigits(shopper, orderNo, 'wangfang');
    expect((await shopper.ask(`订单${orderNo}修改收货地址`)).text).toMatch(/验证码已发送至/);
    const code = sms.lastCodeFor(phoneOf('wangfang'));
    // Five minutes on the clock, moved in the row rather than waited out.
    await OrderProofCode.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { tenantId, orderNo } });
    const reply = await shopper.ask(code);
    expect(reply.text).toMatch(/已失效/);
    expect(reply.text).not.toMatch(/新收货地址/);
    expect(await CommerceRequest.count({ where: { tenantId, orderNo } })).toBe(0);
  });

  it('leaves a signed-in owner’s writes as they were: no code, confirm, done', async () => {
    const orderNo = 'E20261126003';
    const owner = await TestShopper.signedInDemo(kefu.url, 'wangfang');
    const confirm = await owner.ask(`取消订单${orderNo}`);
    expect(confirm.cards?.[0]?.type).toBe('confirmation');
    expect((await owner.ask('确认')).text).toMatch(/已取消/);
    expect(sms.sent).toHaveLength(0);
    expect((await orderRow(orderNo))!.status).toBe('cancelled');
  });
});
