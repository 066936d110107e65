import type { Card } from '@kefu/shared';
import { Op } from 'sequelize';
import { orderThatCheckedOut, ordersOfCustomer } from '../../commerce/cart-checkout';
import { ShoppingCart } from '../../commerce/cart-models';
import { markCartCheckedOut } from '../../commerce/cart-service';
import { loadCommerceSettings } from '../../commerce/commerce-settings';
import { syncStoreCarts } from '../../commerce/sync-store-carts';
import { loadCommerceConnectors } from '../../commerce/connectors/connector-registry';
import type { CommerceConnectors } from '../../commerce/connectors/connector-types';
import { Customer } from '../../customers/models';
import type { Runtime } from '../../runtime';
import { yuan } from '../../skills/order-cards';
import { ProactiveSend } from '../models';
import type { ProactiveTrigger } from '../proactive-trigger';
import type { AutomationSettings } from '../settings-schema';

/** Carts untouched longer than the last reminder plus this are left alone (the shopper has moved on). */
const STALE_AFTER_LAST_REMINDER_MS = 24 * 3_600_000;
/** Items named in the message; the card lists a few more, the total covers all. */
const ITEMS_IN_TEXT = 3;
const ITEMS_ON_CARD = 6;

/**
 * Active carts that reached a reminder time the merchant set, counted from the shopper's last change
 * to the cart. A cart whose items were ordered since is marked checked out instead (no reminder).
 * Only the latest due reminder of a cart is offered; the key names cart, round and step, so each
 * step fires once per round however often the scan runs.
 */
export async function findAbandonedCartTriggers(runtime: Pick<Runtime, 'cipher' | 'logger'>, tenantId: number, settings: AutomationSettings, now: Date): Promise<ProactiveTrigger[]> {
  const config = settings.carts;
  const offsets = [...config.remindAfterMinutes].sort((a, b) => a - b);
  const oldest = new Date(now.getTime() - offsets[offsets.length - 1] * 60_000 - STALE_AFTER_LAST_REMINDER_MS);
  const newest = new Date(now.getTime() - offsets[0] * 60_000);
  const connectors = await loadCommerceConnectors(tenantId, runtime.cipher);
  await pullStoreCarts(runtime, tenantId, connectors, oldest);
  const carts = await ShoppingCart.findAll({ where: { tenantId, state: 'active', changedAt: { [Op.gte]: oldest, [Op.lte]: newest } }, order: [['changedAt', 'ASC']], limit: 2000 });
  if (carts.length === 0) return [];

  const dueSteps = carts.map((cart) => ({ cart, due: dueStep(offsets, now.getTime() - cart.changedAt.getTime()) })).filter(({ due }) => due >= 0);
  // Steps already sent need no order look-up (which may be an HTTP call to the merchant's system).
  const sent = new Set(
    (await ProactiveSend.findAll({ where: { tenantId, kind: 'cart', status: 'sent', triggerKey: { [Op.in]: dueSteps.map(({ cart, due }) => triggerKey(cart, due)) } }, attributes: ['triggerKey'] })).map((row) => row.triggerKey),
  );
  const pending = dueSteps.filter(({ cart, due }) => !sent.has(triggerKey(cart, due)));
  if (pending.length === 0) return [];

  const customers = new Map((await Customer.findAll({ where: { tenantId, id: { [Op.in]: [...new Set(pending.map(({ cart }) => cart.customerId))] } } })).map((c) => [c.id, c]));
  const { cartLinkTemplate } = await loadCommerceSettings(tenantId);
  const triggers: ProactiveTrigger[] = [];
  for (const { cart, due } of pending) {
    const customer = customers.get(cart.customerId);
    if (!customer) continue;
    if (await checkedOut(runtime, tenantId, cart, customer, connectors)) continue;
    triggers.push({
      key: triggerKey(cart, due),
      kind: 'cart',
      customerId: customer.id,
      orderId: null,
      text: reminderText(customer.displayName, cart),
      cards: reminderCards(cart, cartLinkTemplate),
      cap: { max: config.maxPerShopper, days: config.perDays },
    });
  }
  return triggers;
}

/** Carts kept in the merchant's own system come in first; if it does not answer, the carts we hold still count. */
async function pullStoreCarts(runtime: Pick<Runtime, 'logger'>, tenantId: number, connectors: CommerceConnectors, notBefore: Date): Promise<void> {
  try {
    await syncStoreCarts(tenantId, connectors.orders, notBefore, runtime.logger);
  } catch (error) {
    runtime.logger.warn({ err: error, tenantId }, 'store carts not pulled this scan');
  }
}

/** Index of the latest reminder time passed (offsets ascending), -1 before the first. */
function dueStep(offsetsMinutes: number[], elapsedMs: number): number {
  return offsetsMinutes.filter((minutes) => elapsedMs >= minutes * 60_000).length - 1;
}

function triggerKey(cart: ShoppingCart, step: number): string {
  return `cart:${cart.id}:${cart.round}:${step}`;
}

/**
 * True when an order took the cart (it is marked checked out) or when the order system cannot say
 * right now: reminding someone who may have paid is worse than reminding five minutes later.
 */
async function checkedOut(runtime: Pick<Runtime, 'logger'>, tenantId: number, cart: ShoppingCart, customer: Customer, connectors: CommerceConnectors): Promise<boolean> {
  try {
    const orderNo = orderThatCheckedOut(cart, await ordersOfCustomer(tenantId, customer, connectors));
    if (orderNo) await markCartCheckedOut(tenantId, cart, orderNo);
    return orderNo !== null;
  } catch (error) {
    runtime.logger.warn({ err: error, tenantId, cartId: cart.id }, 'cart reminder held: the order system did not answer');
    return true;
  }
}

function reminderText(displayName: string | null, cart: ShoppingCart): string {
  const count = cart.items.reduce((sum, item) => sum + item.quantity, 0);
  const named = cart.items.slice(0, ITEMS_IN_TEXT).map((item) => `${item.name}×${item.quantity}`).join('、');
  const more = cart.items.length > ITEMS_IN_TEXT ? ` 等 ${count} 件商品` : '';
  const greeting = displayName ? `${displayName}，您好！` : '您好！';
  return `${greeting}您的购物车里还有 ${named}${more}，合计 ${yuan(cart.totalCents)}，还没有结算。库存有限，点下方“去结算”即可下单。如已不需要，可以忽略本消息。`;
}

function reminderCards(cart: ShoppingCart, linkTemplate: string): Card[] {
  return [
    {
      type: 'product',
      title: '购物车',
      fields: [
        ...cart.items.slice(0, ITEMS_ON_CARD).map((item) => ({ label: `${item.name} ×${item.quantity}`, value: yuan(item.unitPriceCents * item.quantity) })),
        { label: '合计', value: yuan(cart.totalCents) },
      ],
      link: { label: '去结算', url: linkTemplate.replace('{cartRef}', encodeURIComponent(cart.cartRef)) },
    },
    { type: 'quick_replies', title: '购物车提醒', actions: [{ label: '不要再发', text: '不要再发' }] },
  ];
}
