/**
 * Which remembered slots an intent may carry from earlier turns. A product stays in force for
 * questions about that product and its after-sale; an order number for questions about that order.
 * Conversation-control turns (thanks, greetings, handoff) and general shipping questions carry
 * nothing, so a stale value never leaks into an unrelated answer.
 */
const PRODUCT_SCOPED = new Set([
  'product.stock', 'product.spec', 'product.authenticity', 'product.size_advice', 'product.compatibility',
  'promotion.inquiry', 'price_protection', 'exchange.request', 'quality.complaint', 'refund.request',
]);
const ORDER_SCOPED = new Set([
  'order.track', 'order.change_address', 'order.cancel', 'order.modify', 'refund.status', 'refund.request',
  'logistics.exception', 'shipping.expedite', 'exchange.request', 'invoice.request', 'price_protection', 'quality.complaint',
]);

export function carriableSlots(intent: string): string[] {
  const slots: string[] = [];
  if (PRODUCT_SCOPED.has(intent)) slots.push('product');
  if (ORDER_SCOPED.has(intent)) slots.push('order_id');
  if (intent === 'order.change_address') slots.push('phone');
  return slots;
}

/** Intents that are a task (worth returning to after a switch), as opposed to conversation control. */
export function isTaskIntent(intent: string): boolean {
  return PRODUCT_SCOPED.has(intent) || ORDER_SCOPED.has(intent) || intent.startsWith('shipping.') || intent === 'payment.issue' || intent === 'membership' || intent === 'product.recommend';
}

export const CONTROL_INTENTS = new Set(['affirm', 'deny', 'thanks_bye', 'greeting', 'human.handoff', 'out_of_scope']);
