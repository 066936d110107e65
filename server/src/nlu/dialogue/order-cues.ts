import { parseChineseNumber } from '../slots/chinese-number';

/**
 * How a shopper points at one of their own orders without its number: "电饭煲那单", "跑鞋那个订单",
 * "上次买的手机", "那件外套退了没", "2999那单". What the words say about the order (its state, how
 * recent, its amount) is read here; which of the shopper's orders it is, the dialogue step decides
 * against the orders themselves (skills/resolve-order-reference).
 */
export interface OrderCues {
  /** The turn talks about an order of the shopper's own (那单 / 我的X… 发货 / 上次买的). */
  refersToOrder: boolean;
  /** Order states the wording points to, in the contract's order-state ids. */
  states: string[];
  recency?: 'latest' | 'earliest';
  /** An amount in yuan the shopper named the order by ("2999那单"). */
  amount?: number;
}

/** An order pointed at by a demonstrative or a purchase: 那单, 这个订单, 上次买的, 我拍的. */
const ORDER_NOUN = /(?:那|这|哪)(?:一|个)?(?:单|笔|个订单|份订单)|订单|单子|(?:买|拍|下单|入手)(?:的|了的)|之前那|上次那/;
/** "我的/那件/那双 X" asking what happened to it: shipped, arrived, signed for, refunded. */
const POSSESSIVE = /我的|我嘅|我(?:部|只|件|对|个|台|双|条|啲|d)|我买|我拍|那(?:件|双|个|台|部|条|套|只|支)|这(?:件|双|台|部|条)/;
const FATE = /到哪|哪里|去了|到了|到没|到未|到咗|去咗|签收|收到|发货|发了|发出|寄出|送到|物流|快递|退了|退款|退货|取消|完成|付款|几时到|什么时候到|啥时候到|什么时候发|啥时候发|几时发|动静|滞留|加急|催/;

const STATE_WORDS: [state: string[], words: RegExp][] = [
  // 到了 is arrival, but 到了哪 / 到咗边 asks where the parcel is.
  [['delivered', 'completed'], /签收|收到|到了(?![哪边])|完成|确认收货/],
  [['shipped'], /在路上|运输|滞留|物流|到哪|快递/],
  [['paid', 'unpaid'], /没发|未发|还没发|发货了吗|发货没|什么时候发|啥时候发|几时发|没付|未付|待付/],
  [['refunding', 'refunded'], /退了|退款|退钱|到账/],
  [['cancelled'], /取消/],
];

export function readOrderCues(text: string): OrderCues {
  const refersToOrder = ORDER_NOUN.test(text) || (POSSESSIVE.test(text) && FATE.test(text));
  const states = STATE_WORDS.filter(([, words]) => words.test(text)).flatMap(([state]) => state);
  const recency = /上次|上一次|最近|刚买|刚拍|最新/.test(text) ? 'latest' : /第一次|最早/.test(text) ? 'earliest' : undefined;
  const amountText = /(\d{2,6}(?:\.\d{1,2})?|[一二两三四五六七八九十百千]{2,8})\s*(?:元|块)?(?:那|的那|这)(?:一|个)?(?:单|笔)/.exec(text)?.[1];
  const amount = amountText === undefined ? undefined : /\d/.test(amountText) ? Number(amountText) : parseChineseNumber(amountText) ?? undefined;
  return { refersToOrder, states, ...(recency ? { recency } : {}), ...(amount ? { amount } : {}) };
}
