import type { ReplyContext } from '../dialogue/reply-types';
import { asksItemChange, requestIntentByWords } from '../nlu/dialogue/request-words';

/**
 * A message that names an order number pulls the NLU towards the order intents ("订单E…开发票" reads
 * as order.track), whatever the shopper asks about that order. When such a message carries a word
 * that only one kind of request uses (nlu/dialogue/request-words), that request's skill answers it. Only intents that merely
 * mean "something about this order" are overridden; a specific intent the NLU chose (a refund, an
 * address change) is kept, and escalations are handled before routing.
 */
const GENERIC_ORDER_INTENTS = new Set(['order.track', 'logistics.exception', 'shipping.eta', 'shipping.courier', 'payment.issue', 'out_of_scope']);

/** Changing the item on an unshipped order needs both a change word and what to change it to. */
const ITEM_SLOTS = ['size', 'color', 'quantity'];

export function routedSkillIntent(ctx: ReplyContext): string {
  const { intent, slots } = ctx.understanding;
  const hasOrder = typeof slots.order_id === 'string' && slots.order_id.length > 0;
  const namesItemChange = ITEM_SLOTS.some((slot) => slots[slot] !== undefined);
  // order.modify with nothing to change to is the NLU guessing from "order number + short word" (E… 价保).
  const generic = GENERIC_ORDER_INTENTS.has(intent) || (intent === 'order.modify' && !namesItemChange);
  if (!hasOrder || !generic) return intent;
  const text = ctx.understanding.normalized ?? ctx.text;
  const named = requestIntentByWords(text);
  if (named) return named;
  if (typeof slots.address === 'string' && slots.address.length > 0) return 'order.change_address';
  if (namesItemChange && asksItemChange(text)) return 'order.modify';
  return intent;
}

/** The turn as the skills see it: the same message, with the intent its strong words point to. */
export function withRoutedIntent(ctx: ReplyContext): ReplyContext {
  const intent = routedSkillIntent(ctx);
  return intent === ctx.understanding.intent ? ctx : { ...ctx, understanding: { ...ctx.understanding, intent } };
}
