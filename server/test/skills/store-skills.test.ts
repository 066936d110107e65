import type { RunningKefu } from '../../src/boot';
import { Tenant } from '../../src/auth/models';
import { CommerceRequest } from '../../src/commerce/action-models';
import { Order, Product } from '../../src/commerce/models';
import { RefundDecisionRecord } from '../../src/commerce/refund-rules/models';
import { demoShiftDays } from '../../src/demo/demo-clock';
import { TestShopper } from '../support/shopper';
import { embeddedTestEnv, startTestKefu } from '../support/start-test-kefu';

/**
 * Refund, price protection, guided ordering, stock, coupons and invoices end to end on the embedded
 * set-up (SQLite, in-process queue): shopper message in over HTTP, connector acted on, reply out.
 */
describe('store skills through the pipeline (embedded)', () => {
  let kefu: RunningKefu;
  let tenantId: number;

  beforeAll(async () => {
    kefu = await startTestKefu(embeddedTestEnv({ SEED_DEMO: 'true' }));
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
  });
  afterAll(async () => {
    await kefu?.stop();
  });

  const signedIn = (ref: string) => TestShopper.signedInDemo(kefu.url, ref);

  it('approves a small refund before shipment by the rules and creates it in the order system', async () => {
    const wangfang = await signedIn('wangfang');
    const reply = await wangfang.ask('订单E20261126003不想要了，我要退款');
    expect(reply.text).toMatch(/退款申请已受理/);
    expect(reply.cards?.[0]).toMatchObject({ type: 'refund', state: 'approved' });
    expect(reply.text).toMatch(/退款申请已受理/);
    const order = await Order.findOne({ where: { tenantId, orderNo: 'E20261126003' } });
    expect(order!.status).toBe('refunding');
    const decision = await RefundDecisionRecord.findOne({ where: { tenantId, orderId: order!.id } });
    expect(decision).toMatchObject({ outcome: 'approve' });
    const requests = await CommerceRequest.findAll({ where: { tenantId, orderNo: 'E20261126003' } });
    expect(requests.map((r) => [r.kind, r.status])).toEqual([['refund', 'done']]);
  });

  it('hands a large refund to a person with the reason and changes nothing', async () => {
    const chenjing = await signedIn('chenjing');
    const reply = await chenjing.ask('订单E20261116003质量有问题，我要退货退款');
    expect(reply.text).toMatch(/人工审核/);
    expect(reply.text).toMatch(/500元/);
    expect((await Order.findOne({ where: { tenantId, orderNo: 'E20261116003' } }))!.status).toBe('delivered');
  });

  it('declines a refund on an order already in refund with the policy text', async () => {
    const lina = await signedIn('lina');
    const reply = await lina.ask('订单E20261118004我要退款');
    expect(reply.text).toMatch(/无法申请退款/);
    expect(reply.cards ?? []).toHaveLength(0);
  });

  it('answers a question about the refund policy from knowledge without creating a refund', async () => {
    const liuyang = await signedIn('liuyang');
    const reply = await liuyang.ask('七天无理由能退吗');
    expect(reply.text).toMatch(/7天|七天/);
    expect(await CommerceRequest.count({ where: { tenantId, orderNo: 'E20261124008' } })).toBe(0);
    expect((await Order.findOne({ where: { tenantId, orderNo: 'E20261124008' } }))!.status).toBe('shipped');
  });

  it('claims the price difference within the window, once', async () => {
    const zhangwei = await signedIn('zhangwei');
    const product = await Product.findOne({ where: { tenantId, sku: 'APPL-DYSON-HD15' } });
    const drop = 299900 - product!.priceCents;
    expect(drop).toBeGreaterThan(0);
    const reply = await zhangwei.ask('订单E20261124005降价了能补差价吗');
    expect(reply.text).toContain(`¥${(drop / 100).toFixed(2)}`);
    await zhangwei.ask('订单E20261124005降价了能补差价吗');
    const claims = await CommerceRequest.findAll({ where: { tenantId, orderNo: 'E20261124005', kind: 'price_protection' } });
    expect(claims).toHaveLength(1);
    expect(claims[0].amountCents).toBe(drop);
  });

  it('explains when there is no price drop', async () => {
    const zhangwei = await signedIn('zhangwei');
    const reply = await zhangwei.ask('订单E20261120002降价了能补差价吗');
    expect(reply.text).toMatch(/没有低于您的购买价/);
  });

  it('recommends a phone with in-stock accessories and checkout links', async () => {
    const shopper = await new TestShopper(kefu.url).start();
    const reply = await shopper.ask('推荐一下iPhone 15 Pro Max');
    const products = (reply.cards ?? []).filter((c) => c.type === 'product');
    expect(reply.text).toMatch(/为您推荐/);
    expect(products[0]?.title).toMatch(/iPhone 15 Pro Max/);
    expect(products[0]?.link?.url).toContain('PHONE-IP15PM');
    expect(products.map((p) => p.title)).toEqual(expect.arrayContaining([expect.stringMatching(/20W/)]));
    const category = await shopper.ask('想买个手机，有什么推荐');
    const phones = (category.cards ?? []).filter((c) => c.type === 'product');
    expect(phones.length).toBeGreaterThan(0);
    expect(phones.every((p) => p.state === 'in_stock' && !/手机壳/.test(p.title))).toBe(true);
  });

  it('answers stock from the warehouses and gives the restock date when sold out', async () => {
    const shopper = await new TestShopper(kefu.url).start();
    const inStock = await shopper.ask('AF1有货吗');
    expect(inStock.text).toMatch(/有货/);
    expect(inStock.text).toContain('杭州余杭仓 36 件');
    const soldOut = await shopper.ask('AJ1有货吗');
    expect(soldOut.text).toMatch(/缺货/);
    // The demo restocks 9 days after its "today" (2026-12-05): that many days after the day it was seeded.
    const { createdAt: seededAt } = (await Tenant.findOne({ where: { id: tenantId } }))!;
    const restockDay = new Date(Date.UTC(2026, 11, 5 + demoShiftDays(seededAt))).toISOString().slice(0, 10);
    expect(soldOut.text).toContain(`预计 ${restockDay} 补货`);
  });

  it("lists the promotion and the signed-in shopper's own coupons", async () => {
    const zhangwei = await signedIn('zhangwei');
    const reply = await zhangwei.ask('有什么优惠券吗');
    expect(reply.text).toContain('双12预热');
    expect(reply.text).toContain('金卡会员券');
    expect(reply.text).not.toContain('铂金会员券');
    const visitor = await new TestShopper(kefu.url).start();
    const anonymous = await visitor.ask('有什么优惠券吗');
    expect(anonymous.text).toContain('双12预热');
    expect(anonymous.text).not.toContain('会员券');
  });

  it('requests an invoice for a paid order and refuses one for an unpaid order', async () => {
    const zhangwei = await signedIn('zhangwei');
    const reply = await zhangwei.ask('订单E20261120002开发票，抬头是上海某某科技有限公司');
    expect(reply.text).toMatch(/发票申请已提交/);
    const invoice = await CommerceRequest.findOne({ where: { tenantId, orderNo: 'E20261120002', kind: 'invoice' } });
    expect(invoice?.details).toMatchObject({ title: '上海某某科技有限公司' });
    const unpaid = await zhangwei.ask('给订单E20261126001开个发票');
    expect(unpaid.text).toMatch(/暂时无法办理/);
  });
});
