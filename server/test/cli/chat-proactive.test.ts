import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { RunningKefu } from '../../src/boot';
import { AuditEntry, Tenant } from '../../src/auth/models';
import { runTenantScan } from '../../src/automation/run-tenant-scan';
import { ChatConnection } from '../../src/cli/chat-connection';
import { LogisticsEvent, Order, Product } from '../../src/commerce/models';
import { Message } from '../../src/conversations/models';
import { demoDate } from '../../src/demo/demo-clock';
import { ConsoleClient } from '../refund-rules/console-client';
import { TestShopper } from '../support/shopper';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';
import { waitFor } from '../support/wait-for';
import { spawnChat } from './spawn-chat';

// Booting the server and a tsx child per chat takes a while on a loaded machine.
jest.setTimeout(240_000);

/** `npm run chat` in interactive mode, typed into line by line, its output collected as it comes. */
class ChatProcess {
  stdout = '';
  stderr = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    this.child = spawnChat(args);
    this.child.stdout.on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr.on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolveExit) => this.child.on('close', (code) => resolveExit(code)));
  }

  type(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Waits until the output since `from` contains every piece. */
  async sees(pieces: string[], from = 0, timeoutMs = 90_000): Promise<string> {
    return waitFor(`chat output with ${JSON.stringify(pieces)} (got ${JSON.stringify(this.stdout.slice(from))}, stderr ${JSON.stringify(this.stderr)})`, async () => {
      const output = this.stdout.slice(from);
      return pieces.every((piece) => output.includes(piece)) ? output : null;
    }, timeoutMs);
  }

  async quit(): Promise<number | null> {
    this.type('/quit');
    this.child.stdin.end();
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 60_000);
    const code = await this.exited;
    clearTimeout(killer);
    return code;
  }
}

/**
 * The demo's proactive service as a newcomer meets it: `npm start` (here DEMO_PROACTIVE=true on
 * MariaDB + Redis/Bull), then `npm run chat -- --shopper …`, say hello, type /scan, and the shop's
 * own messages appear in the chat with their buttons.
 */
describeWithServices('npm run chat: the demo shop writes first', () => {
  let kefu: RunningKefu;
  let tenantId: number;

  beforeAll(async () => {
    kefu = await startTestKefu(await productionTestEnv('chat_proactive', { DEMO_PROACTIVE: 'true' }));
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
    // The seed dates the demo from the day it runs (demo-clock.ts), so 张伟's iPhone was signed for
    // about five days ago whatever the day: his thank-you coupon (after three days) is due as seeded.
    // His unpaid order was placed at the last 09:20 (Beijing time) before the seed: in the half hour
    // after that it is not due yet, so it is moved to 40 minutes ago, whatever the hour the test runs.
    const unpaid = (await Order.findOne({ where: { tenantId, orderNo: 'E20261126001' } }))!;
    await Order.update({ placedAt: new Date(Date.now() - 40 * 60_000) }, { where: { tenantId, id: unpaid.id } });
  }, 300_000);
  afterAll(async () => {
    await kefu?.stop();
  });

  it('turns the proactive service on for the demo merchant, quiet hours off, audited', async () => {
    const client = new ConsoleClient(kefu.url);
    await client.login('owner');
    const settings = (await client.call('GET', '/api/console/automation/settings', 'owner')).body.settings as Record<string, { enabled?: boolean } | null>;
    expect(settings.quietHours).toBeNull();
    expect([settings.logistics?.enabled, settings.unpaid?.enabled, settings.carts?.enabled, settings.highValue?.enabled]).toEqual([true, true, true, true]);
    expect(await AuditEntry.count({ where: { tenantId, action: 'automation.settings_updated', actorId: 'demo-seed' } })).toBe(1);
  });

  it("shows 赵磊 the apology for his stuck parcel, with the fixes as buttons, after /scan", async () => {
    const chat = new ChatProcess(['--url', kefu.url, '--tenant', 'demo', '--shopper', 'zhaolei']);
    await chat.sees(['Connected to']);
    // Before he wrote anything the shop has no conversation to write into: /scan says so.
    chat.type('/scan');
    await chat.sees(['say something first']);
    let mark = chat.stdout.length;
    chat.type('你好');
    await chat.sees(['客服机器人'], mark);
    mark = chat.stdout.length;
    chat.type('/scan');
    const output = await chat.sees(['scan queued', '客服机器人 (主动消息)', 'E20261117005', '[重新发货] → 订单E20261117005申请重新发货', '[申请退款]', '[继续等待]'], mark);
    expect(output).toMatch(/非常抱歉，您的订单 E20261117005 的包裹出现异常/);
    expect(output).toMatch(/券码 KF[0-9A-F]{10}/);
    expect(await chat.quit()).toBe(0);
    expect(await AuditEntry.count({ where: { tenantId, action: 'automation.scan_requested' } })).toBeGreaterThanOrEqual(1);
  });

  it('shows 张伟 the unpaid-order reminder and his gold-member coupon after /scan', async () => {
    const chat = new ChatProcess(['--url', kefu.url, '--tenant', 'demo', '--shopper', 'zhangwei']);
    await chat.sees(['Connected to']);
    chat.type('你好');
    await chat.sees(['客服机器人']);
    const mark = chat.stdout.length;
    chat.type('/scan');
    const output = await chat.sees(['scan queued', 'E20261126001', '还没有付款', '[查看订单] → 订单E20261126001', '感谢您一直以来的支持', 'E20261120002'], mark);
    expect(output).toMatch(/送您一张专属优惠券[^]*券码 KF[0-9A-F]{10}/);
    expect(await chat.quit()).toBe(0);
  });

  it('dates the demo from the day it was seeded', async () => {
    const { createdAt: seededAt } = (await Tenant.findOne({ where: { id: tenantId } }))!;
    const delivered = (await Order.findOne({ where: { tenantId, orderNo: 'E20261120002' } }))!;
    const signed = (await LogisticsEvent.findOne({ where: { tenantId, orderId: delivered.id, status: '已签收' } }))!;
    expect(signed.occurredAt.toISOString()).toBe(demoDate('2026-11-21T11:42:00+08:00', seededAt).toISOString());
    const stuck = (await Order.findOne({ where: { tenantId, orderNo: 'E20261117005' } }))!;
    expect(stuck.shippedAt!.toISOString()).toBe(demoDate('2026-11-18T16:20:00+08:00', seededAt).toISOString());
  });

  it('reminds 李娜 of the cart she left, with its items, total and checkout link, after /scan', async () => {
    const chat = new ChatProcess(['--url', kefu.url, '--tenant', 'demo', '--shopper', 'lina']);
    await chat.sees(['Connected to']);
    // Like every demo shopper, she has to write once: the shop can only write into her conversation.
    chat.type('你好');
    await chat.sees(['客服机器人']);
    const mark = chat.stdout.length;
    chat.type('/scan');
    const output = await chat.sees(['scan queued', '客服机器人 (主动消息): 李娜，您好！您的购物车里还有 Apple iPhone 16×1、Apple 20W USB-C 电源适配器×1', '[去结算] /pages/cart/index?cart=demo-cart-lina'], mark);
    const iphone = (await Product.findOne({ where: { tenantId, sku: 'PHONE-IP16' } }))!;
    const charger = (await Product.findOne({ where: { tenantId, sku: 'ACC-APPLE-20W' } }))!;
    expect(output).toContain(`合计 ¥${((iphone.priceCents + charger.priceCents) / 100).toFixed(2)}，还没有结算`);
    expect(await chat.quit()).toBe(0);
  });

  it('never takes a proactive message for the answer to what the shopper just asked', async () => {
    // 刘洋 wrote to the shop before, so the shop may write to him; then his parcel is reported damaged.
    const token = TestShopper.demoShopperToken('liuyang');
    const connection = await ChatConnection.open(kefu.url, 'demo', token);
    try {
      const hello = await connection.send('你好', randomUUID());
      expect(await connection.waitForReply(Number(hello.id), 60_000)).not.toBeNull();
      const parcel = (await Order.findOne({ where: { tenantId, orderNo: 'E20261124008' } }))!;
      await LogisticsEvent.create({ tenantId, orderId: parcel.id, occurredAt: new Date(), status: '异常', description: '【深圳市】快件外包装破损，正在核实' });

      // A question the pipeline has not answered yet (stored, not queued), then the scan's apology.
      const stored = (await Message.findOne({ where: { tenantId, id: Number(hello.id) } }))!;
      const question = await Message.create({ tenantId, conversationId: stored.conversationId, channelAccountId: stored.channelAccountId, platformMessageId: `test-${randomUUID()}`, role: 'shopper', kind: 'text', text: '我的快递到哪了', status: 'received' });
      const summary = await runTenantScan(kefu.runtime, tenantId, new Date());
      expect(summary.sent).toBeGreaterThanOrEqual(1);
      const apology = await waitFor('the apology to 刘洋', async () => (await connection.list(question.id)).find((m) => m.intent === 'proactive.logistics'));
      expect(apology.text).toMatch(/E20261124008 的包裹出现破损/);
      // The apology is newer than the question but answers nothing: the question is still waiting.
      expect(await connection.waitForReply(question.id, 2000)).toBeNull();
    } finally {
      connection.close();
    }
  });
});
