import { Op } from 'sequelize';
import { LogisticsEvent, Order } from '../../commerce/models';
import { Customer } from '../../customers/models';
import type { ProactiveTrigger } from '../proactive-trigger';
import type { AutomationSettings } from '../settings-schema';

/** Orders that count towards lifetime value: money that stayed with the shop. */
const PAID_STATES = ['paid', 'shipped', 'delivered', 'completed'];
/** A trigger older than this many days past its moment is not back-filled when a merchant turns it on. */
const BACKFILL_DAYS = 7;
const DAY_MS = 86_400_000;

/**
 * High-value shoppers (CRM tier or lifetime value) get a personal coupon on the merchant's
 * triggers: a thank-you some days after delivery, and a win-back when they have not ordered for a while.
 */
export async function findHighValueTriggers(tenantId: number, settings: AutomationSettings, now: Date): Promise<ProactiveTrigger[]> {
  const config = settings.highValue;
  const orders = await Order.findAll({ where: { tenantId, customerId: { [Op.ne]: null } }, order: [['placedAt', 'DESC']], limit: 20_000 });
  const byCustomer = new Map<number, Order[]>();
  for (const order of orders) byCustomer.set(order.customerId as number, [...(byCustomer.get(order.customerId as number) ?? []), order]);
  const customers = await Customer.findAll({ where: { tenantId, id: { [Op.in]: [...byCustomer.keys()] } } });

  const coupon = { cents: config.couponCents, monthlyBudgetCents: config.monthlyBudgetCents, required: true };
  const triggers: ProactiveTrigger[] = [];
  for (const customer of customers) {
    const own = byCustomer.get(customer.id) ?? [];
    const lifetimeValue = own.filter((o) => PAID_STATES.includes(o.status)).reduce((sum, o) => sum + o.totalCents, 0);
    const byTier = customer.memberLevel !== null && config.tiers.includes(customer.memberLevel);
    if (!byTier && lifetimeValue < config.minLifetimeValueCents) continue;
    const name = customer.displayName ?? '您';

    if (config.afterDeliveryDays !== null) {
      for (const order of own.filter((o) => o.status === 'delivered' || o.status === 'completed')) {
        const deliveredAt = await deliveryTime(tenantId, order);
        if (!deliveredAt) continue;
        const age = now.getTime() - deliveredAt.getTime();
        if (age < config.afterDeliveryDays * DAY_MS || age > (config.afterDeliveryDays + BACKFILL_DAYS) * DAY_MS) continue;
        triggers.push({
          key: `high_value:delivered:${order.id}`,
          kind: 'high_value',
          customerId: customer.id,
          orderId: order.id,
          text: `${name}，感谢您一直以来的支持！您的订单 ${order.orderNo} 已签收，送您一张专属优惠券，下次购物可用。`,
          cards: [],
          coupon,
        });
      }
    }
    const latest = own[0];
    if (config.inactiveDays !== null && latest) {
      const idle = now.getTime() - latest.placedAt.getTime();
      if (idle >= config.inactiveDays * DAY_MS && idle <= (config.inactiveDays + BACKFILL_DAYS) * DAY_MS) {
        triggers.push({
          key: `high_value:inactive:${customer.id}:${latest.id}`,
          kind: 'high_value',
          customerId: customer.id,
          orderId: null,
          text: `${name}，好久不见！店里上了不少新品，送您一张专属优惠券，欢迎回来逛逛。`,
          cards: [],
          coupon,
        });
      }
    }
  }
  return triggers;
}

/** When the parcel was signed for: the 签收 tracking event, else the latest event. */
async function deliveryTime(tenantId: number, order: Order): Promise<Date | null> {
  const events = await LogisticsEvent.findAll({ where: { tenantId, orderId: order.id }, order: [['occurredAt', 'DESC']], limit: 20 });
  return (events.find((e) => /签收/.test(`${e.status}${e.description}`)) ?? events[0])?.occurredAt ?? null;
}
