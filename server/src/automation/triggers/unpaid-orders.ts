import { Op } from 'sequelize';
import { Order } from '../../commerce/models';
import type { ProactiveTrigger } from '../proactive-trigger';
import type { AutomationSettings } from '../settings-schema';

/** Orders unpaid longer than the last reminder plus this are left alone (the shop has likely closed them). */
const STALE_AFTER_LAST_REMINDER_MS = 24 * 3_600_000;

/**
 * Unpaid orders that reached a reminder time the merchant set. Only the latest due reminder of an
 * order is offered (a merchant enabling reminders today does not fire three at once).
 */
export async function findUnpaidTriggers(tenantId: number, settings: AutomationSettings, now: Date): Promise<ProactiveTrigger[]> {
  const config = settings.unpaid;
  const offsets = [...config.remindAfterMinutes].sort((a, b) => a - b);
  const oldest = new Date(now.getTime() - offsets[offsets.length - 1] * 60_000 - STALE_AFTER_LAST_REMINDER_MS);
  const orders = await Order.findAll({ where: { tenantId, status: 'unpaid', customerId: { [Op.ne]: null }, placedAt: { [Op.gte]: oldest } }, limit: 2000 });
  const triggers: ProactiveTrigger[] = [];
  for (const order of orders) {
    const elapsedMinutes = (now.getTime() - order.placedAt.getTime()) / 60_000;
    const due = offsets.filter((minutes) => elapsedMinutes >= minutes).length - 1;
    if (due < 0) continue;
    triggers.push({
      key: `unpaid:${order.id}:${due}`,
      kind: 'unpaid',
      customerId: order.customerId as number,
      orderId: order.id,
      text: `您好，您的订单 ${order.orderNo}（¥${(order.totalCents / 100).toFixed(2)}）还没有付款，商品库存有限，付款后我们会尽快为您发货。如已不需要，可以忽略本消息。`,
      cards: [{ type: 'quick_replies', title: '订单未付款', actions: [{ label: '查看订单', text: `订单${order.orderNo}` }, { label: '不要再发', text: '不要再发' }] }],
      cap: { max: config.maxPerShopper, days: config.perDays },
    });
  }
  return triggers;
}
