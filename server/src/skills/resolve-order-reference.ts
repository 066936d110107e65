import type { Card } from '@kefu/shared';
import type { CommerceOrder } from '../commerce/connectors/connector-types';
import { statusLabel, yuan } from './order-cards';
import type { SkillContext, SkillReply } from './skill-context';

export type OrderPick = { granted: true; order: CommerceOrder } | { granted: false; reply: SkillReply };

const REQUESTS = new Set(['refund.request', 'exchange.request', 'order.cancel', 'price_protection', 'invoice.request']);

/** States each purpose looks for first when the shopper names no order at all. */
const PREFERRED_STATES: Record<string, CommerceOrder['status'][]> = {
  'order.track': ['shipped', 'delivered'],
  'logistics.exception': ['shipped'],
  'shipping.expedite': ['paid', 'shipped'],
  'refund.status': ['refunding', 'refunded'],
  'order.cancel': ['unpaid', 'paid'],
  'order.change_address': ['paid', 'unpaid'],
  'order.modify': ['paid', 'unpaid'],
  'refund.request': ['shipped', 'delivered', 'paid', 'completed'],
  'exchange.request': ['delivered', 'completed'],
};

/**
 * Which of the shopper's orders a turn means when it names no number: the order whose items match
 * the products or categories the shopper named ("电饭煲那单", "跑鞋那个订单"), narrowed by the state,
 * amount and recency the wording gives ("退了没", "2999那单", "上次买的"). Two orders still matching
 * are offered as a choice; an order description matching none is said so — another order is never
 * picked silently. A turn that describes no order gets the order its purpose usually means.
 */
export async function pickReferencedOrder(ctx: SkillContext, orders: CommerceOrder[], purpose: string): Promise<OrderPick> {
  if (orders.length === 0) return { granted: false, reply: { text: '您的账号下暂时没有订单记录。', cards: [], action: 'order_not_found' } };
  const reading = ctx.understanding.reading;
  const byContent = await matchContent(ctx, orders);
  let pool = byContent ?? orders;
  if (pool.length === 0) {
    return { granted: false, reply: { text: `在您的账号下没有找到包含「${describeAsked(ctx)}」的订单。您的订单如下，请选择要查询的一单：`, cards: [chooseOrderCard(orders.slice(0, 5))], action: 'order_not_found' } };
  }
  const amount = reading?.order.amount;
  if (amount !== undefined) pool = narrow(pool, (o) => o.totalCents === amount * 100 || o.items.some((i) => i.unitPriceCents === amount * 100));
  // In a refund request, 退款 names the request, not a state the order is in.
  const states = (reading?.order.states ?? []).filter((state) => !(REQUESTS.has(purpose) && (state === 'refunding' || state === 'refunded')));
  if (states.length > 0) pool = narrow(pool, (o) => states.includes(o.status));
  if (reading?.order.recency && pool.length > 1) {
    const sorted = [...pool].sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime());
    pool = [reading.order.recency === 'latest' ? sorted[0] : sorted[sorted.length - 1]];
  }
  if (pool.length === 1) return { granted: true, order: pool[0] };
  if (byContent) {
    return { granted: false, reply: { text: '您有多个订单符合描述，请问是哪一单？', cards: [chooseOrderCard(pool.slice(0, 5))], action: 'order_not_found' } };
  }
  // Nothing in the turn describes an order: the one this kind of question is usually about.
  const preferred = PREFERRED_STATES[purpose] ?? [];
  for (const state of preferred) {
    const found = pool.find((o) => o.status === state);
    if (found) return { granted: true, order: found };
  }
  return { granted: true, order: pool[0] };
}

/** Orders whose items match what the turn named, or null when it named no product or category. */
async function matchContent(ctx: SkillContext, orders: CommerceOrder[]): Promise<CommerceOrder[] | null> {
  const reading = ctx.understanding.reading;
  const named = new Set(reading?.products ?? []);
  const slotProduct = ctx.understanding.slots.product;
  if (typeof slotProduct === 'string' && !ctx.understanding.carried?.includes('product')) named.add(slotProduct);
  const categories = new Set(reading?.categories ?? []);
  if (named.size === 0 && categories.size === 0) return null;
  const catalog = (await ctx.connectors()).catalog;
  const skus = new Set<string>();
  for (const name of named) {
    const product = await catalog.findByName(name);
    if (product) skus.add(product.sku);
  }
  const byProduct = orders.filter((o) => o.items.some((i) => named.has(i.name) || skus.has(i.sku)));
  if (byProduct.length > 0) return byProduct;
  if (categories.size === 0) return [];
  const categoryOf = new Map<string, string | null>();
  for (const sku of new Set(orders.flatMap((o) => o.items.map((i) => i.sku)))) categoryOf.set(sku, (await catalog.getProduct(sku))?.category ?? null);
  return orders.filter((o) => o.items.some((i) => categories.has(categoryOf.get(i.sku) ?? '')));
}

function narrow(pool: CommerceOrder[], keep: (order: CommerceOrder) => boolean): CommerceOrder[] {
  const kept = pool.filter(keep);
  return kept.length > 0 ? kept : pool;
}

function describeAsked(ctx: SkillContext): string {
  const reading = ctx.understanding.reading;
  return reading?.products[0] ?? (typeof ctx.understanding.slots.product === 'string' ? ctx.understanding.slots.product : '所述商品');
}

/** Buttons that name each order by number, so the answer continues the same question about that order. */
function chooseOrderCard(orders: CommerceOrder[]): Card {
  return {
    type: 'quick_replies',
    title: '请选择订单',
    actions: orders.map((o) => ({ label: `${o.orderNo} ${o.items.map((i) => i.name).join('、').slice(0, 24)}（${statusLabel(o.status)}，${yuan(o.totalCents)}）`, text: `订单${o.orderNo}` })),
  };
}
