import type { RunningKefu } from '../../src/boot';
import { Tenant } from '../../src/auth/models';
import { CommerceRequest } from '../../src/commerce/action-models';
import type { ReplyContext } from '../../src/dialogue/reply-types';
import { routedSkillIntent } from '../../src/skills/route-skill-intent';
import { TestShopper } from '../support/shopper';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';

/** Messages naming an order reach the skill their request words point to, whatever generic order intent the NLU chose. */
describeWithServices('skill routing by strong words in order messages', () => {
  let kefu: RunningKefu;
  let tenantId: number;

  beforeAll(async () => {
    kefu = await startTestKefu(await productionTestEnv('skill_routing'));
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
  });
  afterAll(async () => {
    await kefu?.stop();
  });

  const signedIn = (ref: string) => TestShopper.signedInDemo(kefu.url, ref);

  // Within a conversation the NLU carries the last intent to "order number + one short word": after
  // a tracking question "E… 发票" reads as order.track, after an item change "E… 价保" as order.modify.
  it('files an invoice for "E… 发票" after a tracking question', async () => {
    const zhangwei = await signedIn('zhangwei');
    expect((await zhangwei.ask('订单E20261124005到哪了')).text).toMatch(/当前状态/);
    const reply = await zhangwei.ask('E20261124005 发票');
    expect(reply.text).toMatch(/E20261124005 的电子发票申请已提交（抬头：个人）/);
    expect(reply.text).not.toMatch(/当前状态/);
    expect(await CommerceRequest.count({ where: { tenantId, orderNo: 'E20261124005', kind: 'invoice' } })).toBe(1);
  });

  it('answers price protection for "E… 价保" after an item change, not as another change', async () => {
    const wangfang = await signedIn('wangfang');
    expect((await wangfang.ask('订单E20261126003的短袖颜色改成黑色')).cards?.[0]?.type).toBe('confirmation');
    const reply = await wangfang.ask('E20261126003 价保');
    expect(reply.text).toMatch(/E20261126003/);
    expect(reply.text).toMatch(/价格保护|价保|差价/);
    expect(reply.cards?.some((c) => c.type === 'confirmation') ?? false).toBe(false);
    expect(await CommerceRequest.count({ where: { tenantId, orderNo: 'E20261126003', kind: 'modify' } })).toBe(0);
  });

  it('keeps a question about an invoice a question: nothing is filed', async () => {
    const lina = await signedIn('lina');
    await lina.ask('订单E20261125003的发票怎么开？');
    expect(await CommerceRequest.count({ where: { tenantId, orderNo: 'E20261125003', kind: 'invoice' } })).toBe(0);
  });
});

describe('routedSkillIntent', () => {
  const turn = (text: string, intent: string, slots: Record<string, string | number>): ReplyContext => ({ text, understanding: { intent, slots } } as unknown as ReplyContext);

  it('redirects generic order intents by strong words or slots', () => {
    expect(routedSkillIntent(turn('订单E1开发票', 'order.track', { order_id: 'E1' }))).toBe('invoice.request');
    expect(routedSkillIntent(turn('订单E1申请价保', 'logistics.exception', { order_id: 'E1' }))).toBe('price_protection');
    expect(routedSkillIntent(turn('订单E1帮我取消订单', 'order.track', { order_id: 'E1' }))).toBe('order.cancel');
    expect(routedSkillIntent(turn('E1 送到上海市徐汇区漕溪北路88号', 'order.track', { order_id: 'E1', address: '上海市徐汇区漕溪北路88号' }))).toBe('order.change_address');
    expect(routedSkillIntent(turn('E1 颜色改成黑色', 'order.track', { order_id: 'E1', color: '黑色' }))).toBe('order.modify');
  });

  it('leaves specific intents, messages without an order, and plain tracking alone', () => {
    expect(routedSkillIntent(turn('订单E1退款到哪了', 'refund.status', { order_id: 'E1' }))).toBe('refund.status');
    expect(routedSkillIntent(turn('怎么开发票', 'order.track', {}))).toBe('order.track');
    expect(routedSkillIntent(turn('订单E1到哪了', 'order.track', { order_id: 'E1' }))).toBe('order.track');
    expect(routedSkillIntent(turn('订单E1黑色的什么时候到', 'order.track', { order_id: 'E1', color: '黑色' }))).toBe('order.track');
    expect(routedSkillIntent(turn('订单E1要退款', 'exchange.request', { order_id: 'E1' }))).toBe('exchange.request');
    expect(routedSkillIntent(turn('E1 价保', 'order.modify', { order_id: 'E1' }))).toBe('price_protection');
    expect(routedSkillIntent(turn('E1 改成42码 价保', 'order.modify', { order_id: 'E1', size: '42' }))).toBe('order.modify');
  });
});
