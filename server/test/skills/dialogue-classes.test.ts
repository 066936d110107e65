import type { WebMessage } from '@kefu/shared';
import type { RunningKefu } from '../../src/boot';
import { Tenant } from '../../src/auth/models';
import { PipelineEvent } from '../../src/analytics/models';
import { Order } from '../../src/commerce/models';
import { demoOrders, demoProducts } from '../../src/demo';
import { TestShopper } from '../support/shopper';
import { embeddedTestEnv, startTestKefu } from '../support/start-test-kefu';

/**
 * The dialogue failure classes of issue 13, each through the whole pipeline on the embedded set-up:
 * an order named by what was in it, follow-ups without a subject, product facts from the catalog,
 * accessories, Cantonese tracking, refunds in transit, expedite requests, a handoff taken back.
 * Sentences are new instances of each class; expectations come from the demo seed.
 */
describe('dialogue classes through the pipeline (embedded)', () => {
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
  const anonymous = () => new TestShopper(kefu.url).start();
  const body = (reply: WebMessage) => JSON.stringify({ text: reply.text, cards: reply.cards ?? [] });
  const ordersOf = (ref: string) => demoOrders.filter((o) => o.shopperRef === ref);
  const product = (sku: string) => demoProducts.find((p) => p.sku === sku)!;

  it('finds the order by an item in it, not the latest order', async () => {
    const wangfang = await signedIn('wangfang');
    const latest = ordersOf('wangfang').sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    const reply = await wangfang.ask('牙刷那一单收到了没');
    const withToothbrush = ordersOf('wangfang').find((o) => o.items.some((i) => i.sku === 'APPL-PHILIPS-9000'))!;
    expect(withToothbrush.orderNo).not.toBe(latest.orderNo);
    expect(reply.text).toContain(withToothbrush.orderNo);
    expect(body(reply)).not.toContain(latest.orderNo);
  });

  it('asks which order with a choice card when two orders match, and shows neither', async () => {
    const zhangwei = await signedIn('zhangwei');
    const shoeOrders = ordersOf('zhangwei').filter((o) => o.items.some((i) => product(i.sku).category === 'shoes'));
    expect(shoeOrders.length).toBe(2);
    const reply = await zhangwei.ask('我买鞋的那笔订单');
    const choice = reply.cards?.find((c) => c.type === 'quick_replies');
    expect(choice?.actions?.map((a) => a.text).sort()).toEqual(shoeOrders.map((o) => `订单${o.orderNo}`).sort());
    expect(reply.cards?.some((c) => c.type === 'order')).toBe(false);
  });

  it('says no order matches instead of picking another one', async () => {
    const liuyang = await signedIn('liuyang');
    const reply = await liuyang.ask('吹风机那单到哪了');
    expect(reply.cards?.some((c) => c.type === 'order')).toBe(false);
    expect(reply.text).toContain('没有找到');
    for (const other of demoOrders.filter((o) => o.shopperRef !== 'liuyang')) expect(body(reply)).not.toContain(other.orderNo);
  });

  it('reads follow-ups that leave the product out against the product in force', async () => {
    const visitor = await anonymous();
    const c70 = product('SHOE-CONV-C70');
    await visitor.ask('匡威高帮还有吗');
    const colours = await visitor.ask('都有什么配色');
    for (const colour of c70.specs['颜色可选'].split('、')) expect(colours.text).toContain(colour);
    const price = await visitor.ask('卖多少');
    expect(price.text).toContain(String(c70.price));
  });

  it('asks the last question again about another product ("那X呢")', async () => {
    const visitor = await anonymous();
    const first = await visitor.ask('AJ1是什么材质');
    expect(first.text).toContain(product('SHOE-AJ1-HIGH').specs['材质']);
    const second = await visitor.ask('那AF1呢');
    expect(second.text).toContain(product('SHOE-AF1-LOW').specs['材质']);
  });

  it('answers a product question from the product own specs', async () => {
    const visitor = await anonymous();
    const reply = await visitor.ask('净化器重不重');
    expect(reply.text).toContain(product('APPL-MI-AP4PRO').specs['重量']);
    const size = await visitor.ask('卫衣尺码偏大吗');
    expect(size.text).toContain(product('APP-NK-HOODIE').specs['尺码建议']);
  });

  it('shows accessories, not phones, for an accessory of a phone', async () => {
    const visitor = await anonymous();
    const reply = await visitor.ask('苹果15promax有配套的充电器吗');
    const titles = (reply.cards ?? []).filter((c) => c.type === 'product').map((c) => c.title);
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(demoProducts.find((p) => p.name === title)?.category).toBe('accessories');
  });

  it('reads Cantonese tracking as tracking, not anger', async () => {
    const liuyang = await signedIn('liuyang');
    const reply = await liuyang.ask('我部手机而家去咗边度');
    expect(reply.text).toContain('E20261124008');
    expect(reply.text).not.toMatch(/转接人工/);
  });

  it('offers interception or a refund after return for a parcel in transit, and changes nothing', async () => {
    const zhaolei = await signedIn('zhaolei');
    const reply = await zhaolei.ask('不想等了，这单退款吧');
    expect(reply.text).toContain('E20261117005');
    expect(reply.text).toMatch(/拦截/);
    expect(reply.text).not.toMatch(/无法申请退款/);
    expect((await Order.findOne({ where: { tenantId, orderNo: 'E20261117005' } }))!.status).toBe('shipped');
  });

  it('passes an expedite request to the merchant and promises only that', async () => {
    const lina = await signedIn('lina');
    const reply = await lina.ask('着急用，能不能加急发货');
    const unshipped = ordersOf('lina').find((o) => o.status === 'paid')!;
    expect(reply.text).toContain(unshipped.orderNo);
    expect(reply.text).toMatch(/通知商家/);
    const event = await PipelineEvent.findOne({ where: { tenantId, type: 'order.expedite_requested' } });
    expect(event?.payload).toMatchObject({ orderNo: unshipped.orderNo });
  });

  it('lets a shopper take a handoff back before any agent answered', async () => {
    const chenjing = await signedIn('chenjing');
    expect((await chenjing.ask('我要找人工')).text).toMatch(/人工/);
    const reply = await chenjing.ask('算了不用了，满多少包邮');
    expect(reply.text).toMatch(/包邮/);
  });

  it('answers when people are on duty instead of handing off', async () => {
    const visitor = await anonymous();
    const reply = await visitor.ask('你们人工客服晚上几点下班');
    expect(reply.text).toMatch(/24:00/);
    expect(reply.text).not.toMatch(/正在为您转接/);
  });
});
