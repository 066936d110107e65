/**
 * Words that decide what a turn asks the dialogue step to do, kept in the understanding layer so the
 * skills read meanings (a request intent, yes/no, question or request) instead of matching text.
 */

/**
 * A message naming an order number pulls the classifier towards the order intents ("订单E…开发票"
 * reads as order.track), whatever the shopper asks about that order. A word only one kind of request
 * uses names that request. Strongest first: "取消订单并退款" is a cancellation (which refunds),
 * "退款发票" still an invoice.
 */
const REQUEST_WORDS: [intent: string, words: RegExp][] = [
  ['invoice.request', /发票|开票|抬头|税号/],
  ['price_protection', /价保|保价|降价.{0,6}(?:退|补)差|差价/],
  ['order.cancel', /取消(?:这个|该|此)?订单|订单.{0,3}取消/],
  ['order.change_address', /(?:改|修改|换|更改|更换)(?:一下|下)?(?:收货|收件)?地址|地址(?:写错|填错|错了|要改|改成|换成|改一下)/],
  ['exchange.request', /换货|换(?:一|个)(?:件|双|个)|换(?:大|小)一码/],
  ['refund.request', /退款|退货|退钱|退了吧|仅退款|不要了.{0,4}退/],
];

/** The request intent a turn's own words name, if any. */
export function requestIntentByWords(text: string): string | undefined {
  return REQUEST_WORDS.find(([, words]) => words.test(text))?.[0];
}

/** Changing the item on an unshipped order needs a change word as well as what to change it to. */
export function asksItemChange(text: string): boolean {
  return /改成|换成|改为|换为|改一下|改下|拍错|选错|下错/.test(text);
}

/** A typed answer to a confirmation card (the card's buttons send 确认 / 取消). */
export function readYesNo(text: string): 'yes' | 'no' | undefined {
  const t = text.trim();
  if (/^(确认|确定|是的?|好的?|对|嗯+|可以|没问题|係|系|好啊|ok)[。！!.~]*$/i.test(t)) return 'yes';
  if (/^(取消|算了|不用了?|不要了?|不了|否|唔使|唔要)[。！!.~]*$/.test(t)) return 'no';
  return undefined;
}

/**
 * "七天无理由能退吗" asks about the policy; "订单E…我要退货" asks for an action. Read on the normalised
 * text, so pinyin and traditional questions ("zhichi qitian wuliyou tuihuo ma") count too.
 */
const QUESTION = /吗|么|嘛|不$|没$|谁|哪些|怎么|如何|能不能|可不可以|可以不|支不支持|多久|几天|什么时候|流程|规则|政策|[？?]/;
const REQUEST = /我要|我想|申请|帮我|给我|麻烦|请(?:帮|给)|开个|退了吧|要退|要换|不要了|唔要/;

export function isPolicyQuestion(text: string): boolean {
  return QUESTION.test(text) && !REQUEST.test(text);
}

/** A question about when people are available ("几点有人工", "客服几点上班") is not a wish for one now. */
export function asksServiceHours(text: string): boolean {
  return /几点|什么时候|啥时候|几时|时间|上班|下班|在线|晚上|周末|节假日/.test(text) && /人工|客服|真人|有人/.test(text) && !/转人工|找人工|要人工|叫人工/.test(text);
}

/** Wants the order hurried ("急用", "加急", "催一下发货", "快点发"). */
export function asksToHurry(text: string): boolean {
  return /加急|催(?:一下|下|促)?(?:发货|发|快递|物流)?|急用|急着用|快点发|尽快发|今天(?:能|可以)?发|早点发|快d|快啲/.test(text);
}

/**
 * Waving off an offer: with 了 it is complete whatever follows (normalised text has no spaces:
 * 不用了包邮吗); a bare 不用 / 不用人工 must stand alone, or "不用人工也行吗" would count.
 */
const WITHDRAWAL = /^\s*(?:(?:不用了|算了|不需要了|不找人工了|不用人工了|不要人工了|没事了|唔使喇|唔使了)|(?:不用|不需要|唔使|不找人工|不用人工|不要人工)(?=[,，.。!！~\s]|$))[,，.。!！~\s]*/;

/** Takes back a wish for a person before anyone answered: "不用了 电饭煲怎么清洗", "算了我自己看", "不找人工了". */
export function withdrawsHandoff(text: string): boolean {
  return WITHDRAWAL.test(text);
}

/** "不用了 电饭煲怎么清洗": what the turn asks after waving off the earlier offer (the whole text when nothing is waved off). */
export function afterWithdrawal(text: string): string {
  let rest = text;
  while (WITHDRAWAL.test(rest)) rest = rest.replace(WITHDRAWAL, '');
  return rest.length >= 2 ? rest : text;
}
