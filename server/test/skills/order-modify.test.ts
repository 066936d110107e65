import type { RunningKefu } from '../../src/boot';
import { AuditEntry, Tenant } from '../../src/auth/models';
import { CommerceRequest } from '../../src/commerce/action-models';
import { BuiltinOrders } from '../../src/commerce/connectors/builtin/builtin-orders';
import { Order } from '../../src/commerce/models';
import { TestShopper } from '../support/shopper';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';

/** Changing size / colour / quantity of an unshipped order, end to end on MariaDB + Redis (Bull). */
describeWithServices('modify order skill through the pipeline', () => {
  let kefu: RunningKefu;
  let tenantId: number;

  beforeAll(async () => {
    kefu = await startTestKefu(await productionTestEnv('order_modify'));
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
  });
  afterAll(async () => {
    await kefu?.stop();
  });

  const signedIn = (ref: string) => TestShopper.signedInDemo(kefu.url, ref);
  const orderRow = (orderNo: string) => Order.findOne({ where: { tenantId, orderNo } });

  it('changes the size after the shopper confirms, once, audited, and reports it', async () => {
    const zhangwei = await signedIn('zhangwei');
    const proposed = await zhangwei.ask('订单E20261126001还没发货，尺码改成43码');
    expect(proposed.cards?.[0]).toMatchObject({ type: 'confirmation', actions: [{ label: '确认' }, { label: '取消' }] });
    expect(proposed.text).toContain('尺码 43');
    expect((await orderRow('E20261126001'))!.items[0].size).toBe('42.5');
    const done = await zhangwei.ask('确认');
    expect(done.text).toMatch(/E20261126001 已按您的要求修改/);
    expect((await orderRow('E20261126001'))!.items[0].size).toBe('43');
    // The same confirmation sent again (a double tap) must not run a second request.
    await zhangwei.ask('确认');
    const requests = await CommerceRequest.findAll({ where: { tenantId, orderNo: 'E20261126001', kind: 'modify' } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ status: 'done', details: { changes: { size: '43' } } });
    expect(await AuditEntry.count({ where: { tenantId, action: 'order.modify.done', targetId: 'E20261126001' } })).toBe(1);
  });

  it('changes the item the shopper names, not the first one', async () => {
    const wangfang = await signedIn('wangfang');
    const before = (await orderRow('E20261126003'))!.items;
    expect(before.map((i) => i.sku)).toEqual(['APP-BASIC-TEE', 'APP-BASIC-FLEECE']);
    const proposed = await wangfang.ask('订单E20261126003的摇粒绒改成L码');
    expect(proposed.cards?.[0]).toMatchObject({ type: 'confirmation' });
    expect(proposed.text).toContain('摇粒绒');
    expect(proposed.text).toContain('尺码 L');
    await wangfang.ask('确认');
    const after = (await orderRow('E20261126003'))!.items;
    expect(after[1]).toMatchObject({ sku: 'APP-BASIC-FLEECE', size: 'L', color: before[1].color, quantity: before[1].quantity });
    expect(after[0]).toEqual(before[0]);
    const request = await CommerceRequest.findOne({ where: { tenantId, orderNo: 'E20261126003', kind: 'modify' } });
    expect(request).toMatchObject({ status: 'done', details: { changes: { size: 'L' }, item: { sku: 'APP-BASIC-FLEECE', size: 'M' } } });

    // The order system applies a retried request once, and refuses a line the order does not have.
    const orders = new BuiltinOrders(tenantId, kefu.runtime.cipher);
    const retry = { orderNo: 'E20261126003', idempotencyKey: request!.idempotencyKey, item: { sku: 'APP-BASIC-FLEECE', size: 'M', color: before[1].color }, changes: { size: 'L' } };
    expect(await orders.modifyOrder(retry)).toMatchObject({ accepted: true });
    expect((await orderRow('E20261126003'))!.items).toEqual(after);
    expect(await orders.modifyOrder({ ...retry, item: { sku: 'SHOE-AJ1-HIGH' } })).toMatchObject({ accepted: false });
  });

  it('asks which item when the message does not say, with one button per item, then changes the chosen one', async () => {
    const wangfang = await signedIn('wangfang');
    const before = (await orderRow('E20261126003'))!;
    const asked = await wangfang.ask('订单E20261126003数量改成3件');
    expect(asked.text).toMatch(/哪一件/);
    const choices = asked.cards?.find((c) => c.type === 'quick_replies');
    expect(choices?.actions).toHaveLength(2);
    expect(choices!.actions![0].label).toContain(before.items[0].name);
    expect(choices!.actions![1].label).toContain(before.items[1].name);
    // Nothing is changed by the question itself.
    expect((await orderRow('E20261126003'))!.items).toEqual(before.items);

    const proposed = await wangfang.ask(choices!.actions![0].text);
    expect(proposed.cards?.[0]).toMatchObject({ type: 'confirmation' });
    expect(proposed.text).toContain(before.items[0].name);
    expect(proposed.text).toContain('数量 3 件');
    await wangfang.ask('是的');
    const after = (await orderRow('E20261126003'))!;
    expect(after.items[0].quantity).toBe(3);
    expect(after.items[1]).toEqual(before.items[1]);
    expect(after.totalCents).toBe(before.totalCents + before.items[0].unitPriceCents * (3 - before.items[0].quantity));
  });

  it('leaves the order untouched when the shopper backs out of the item question or the confirmation', async () => {
    const wangfang = await signedIn('wangfang');
    const before = (await orderRow('E20261126003'))!.items;
    const asked = await wangfang.ask('订单E20261126003颜色改成黑色');
    expect(asked.cards?.[0]?.type).toBe('quick_replies');
    expect((await wangfang.ask('算了')).text).toMatch(/未做任何修改/);
    const proposed = await wangfang.ask('订单E20261126003的短袖颜色改成黑色');
    expect(proposed.cards?.[0]?.type).toBe('confirmation');
    const no = await wangfang.ask('算了');
    expect(no.text).toMatch(/未做任何修改/);
    expect((await orderRow('E20261126003'))!.items).toEqual(before);
  });

  it('refuses a shipped order with the policy text and changes nothing', async () => {
    const zhangwei = await signedIn('zhangwei');
    const before = JSON.stringify((await orderRow('E20261124005'))!.items);
    const reply = await zhangwei.ask('订单E20261124005颜色改成黑色');
    expect(reply.text).toMatch(/发货后无法修改尺码、颜色或数量/);
    expect(reply.cards ?? []).toHaveLength(0);
    expect(JSON.stringify((await orderRow('E20261124005'))!.items)).toBe(before);
    expect(await CommerceRequest.count({ where: { tenantId, orderNo: 'E20261124005', kind: 'modify' } })).toBe(0);
  });
});
