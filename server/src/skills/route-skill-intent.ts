import type { ReplyContext } from '../dialogue/reply-types';

/**
 * A message that names an order number pulls the NLU towards the order intents ("订单E…开发票" reads
 * as order.track), whatever the shopper asks about that order. When such a message carries a word
 * that only one kind of request uses, that request's skill answers it. Only intents that merely
 * mean "something about this order" are overridden; a specific intent the NLU chose (a refund, an
 * address change) is kept, and escalations are handled before routing.
 */
const GENERIC_ORDER_INTENTS = new Set(['order.track', 'logistics.exception', 'shipping.eta', 'shipping.courier', 'payment.issue', 'out_of_scope']);

/** Strongest first: "取消订单并退款" is a cancellation (which refunds), "退款发票" still an invoice. */
const STRONG_WORDS: [intent: string, words: RegExp][] = [
  ['invoice.request', /发票|开票|抬头|税号/],
  ['price_protection', /价保|保价|降价.{0,6}(?:退|补)差|差价/],
  ['order.cancel', /取消(?:这个|该|此)?订单|订单.{0,3}取消/],
  ['order.change_address', /(?:改|修改|换|更改|更换)(?:一下|下)?(?:收货|收件)?地址|地址(?:写错|填错|错了|要改|改成|换成|改一下)/],
  ['exchange.request', /换货|换(?:一|个)(?:件|双|个)|换(?:大|小)一码/],
  ['refund.request', /退款|退货|退钱|退了吧|仅退款|不要了.{0,4}退/],
];

/** Changing the item on an unshipped order needs both a change word and what to change it to. */
const ITEM_SLOTS = ['size', 'color', 'quantity'];
const MODIFY_WORDS = /改成|换成|改为|换为|改一下|改下|拍错|选错|下错/;

export function routedSkillIntent(ctx: ReplyContext): string {
  const { intent, slots } = ctx.understanding;
  const hasOrder = typeof slots.order_id === 'string' && slots.order_id.length > 0;
  const namesItemChange = ITEM_SLOTS.some((slot) => slots[slot] !== undefined);
  // order.modify with nothing to change to is the NLU guessing from "order number + short word" (E… 价保).
  const generic = GENERIC_ORDER_INTENTS.has(intent) || (intent === 'order.modify' && !namesItemChange);
  if (!hasOrder || !generic) return intent;
  for (const [target, words] of STRONG_WORDS) if (words.test(ctx.text)) return target;
  if (typeof slots.address === 'string' && slots.address.length > 0) return 'order.change_address';
  if (namesItemChange && MODIFY_WORDS.test(ctx.text)) return 'order.modify';
  return intent;
}

/** The turn as the skills see it: the same message, with the intent its strong words point to. */
export function withRoutedIntent(ctx: ReplyContext): ReplyContext {
  const intent = routedSkillIntent(ctx);
  return intent === ctx.understanding.intent ? ctx : { ...ctx, understanding: { ...ctx.understanding, intent } };
}
