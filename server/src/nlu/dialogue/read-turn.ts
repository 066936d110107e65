import { askedAttribute, type ProductAttribute } from './product-attribute';
import { readOrderCues, type OrderCues } from './order-cues';
import { asksServiceHours, asksToHurry } from './request-words';

/**
 * What the dialogue step needs beyond the contract's intent and slots: every product and category
 * the turn may mean (a type word like 羽绒服 may mean several; the shopper's orders decide), how it
 * points at an order, which product fact it asks for, and the question with an omitted subject put
 * back ("价格呢" after 小米14).
 */
export interface TurnReading {
  /** Canonical names of every catalog product the turn may mean, best first. */
  products: string[];
  /** Catalog category ids the turn names (鞋子 → shoes). */
  categories: string[];
  order: OrderCues;
  attribute?: ProductAttribute;
}

/** The subject of the conversation, carried so a follow-up that leaves it out is read against it. */
export interface DialogTopic {
  intent?: string;
  attribute?: ProductAttribute;
  /** The last full question (normalised) and the stretch of it that named the product. */
  question?: string;
  mention?: string;
}

export function readTurnFacts(normalized: string, products: string[], categories: string[]): TurnReading {
  const attribute = askedAttribute(normalized);
  return { products, categories, order: readOrderCues(normalized), ...(attribute ? { attribute } : {}) };
}

const ORDER_FAMILY = new Set([
  'order.track', 'logistics.exception', 'order.cancel', 'order.change_address', 'order.modify', 'refund.request', 'refund.status',
  'exchange.request', 'price_protection', 'quality.complaint', 'invoice.request', 'shipping.expedite',
]);
/** Intents a turn about the shopper's own order is often mistaken for (a product or a general shipping question). */
const MISREAD_AS_GENERAL = new Set(['shipping.eta', 'shipping.courier', 'out_of_scope', 'promotion.inquiry', 'product.stock', 'product.spec', 'product.recommend', 'product.compatibility', 'payment.issue', 'membership']);
const ORDER_WHEREABOUTS = /到哪|到了|到没|去了哪|哪里了|什么时候到|几时到|啥时候到|签收|收到|发货|发了|发出|物流|快递|动静|不动|没动|没郁|不郁|滞留|包裹|东西/;
const ESCALATION = /投诉|12315|差评|曝光|举报|人工|真人|经理|垃圾|骗子/;
const POLICY_SHAPE = /怎么|如何|流程|规则|政策|一般|多久能|几天能|多久发|多久到/;

/**
 * The contract's tie-breaks the classifier cannot learn from words alone:
 * - a turn about the shopper's own order ("跑鞋那个订单", "我的華為手機什麼時候發貨") is about that
 *   order, not a general shipping or product question;
 * - asking to hurry is shipping.expedite;
 * - a question about when people are on duty is a question, not a wish for a person now;
 * - a request with emotion ("点解仲未到", "我靠 快递又没动静了") takes the request's intent unless it
 *   only complains or threatens to escalate.
 */
export function settleIntent(intent: string, normalized: string, reading: TurnReading, hasOrderNumber: boolean): string {
  if (intent === 'human.handoff' && asksServiceHours(normalized)) return 'out_of_scope';
  const aboutOwnOrder = hasOrderNumber || reading.order.refersToOrder;
  if ((intent === 'complaint' || intent === 'human.handoff') && aboutOwnOrder && ORDER_WHEREABOUTS.test(normalized) && !ESCALATION.test(normalized)) {
    return /不动|没动|没郁|不郁|滞留|没动静|没更新/.test(normalized) ? 'logistics.exception' : 'order.track';
  }
  // Free shipping is where a parcel goes and what it costs (the contract's 新疆包邮吗), not a coupon.
  if (intent === 'promotion.inquiry' && /包邮|运费|邮费/.test(normalized) && !/券|打折|优惠|活动|便宜/.test(normalized)) return 'shipping.courier';
  // "充电器那单退款成功没" asks how a refund is going, not for a new one.
  if (intent === 'refund.request' && /(?:成功|到账|退了|退好|好了|到了|处理|进度)(?:没|吗|了吗|未|冇|没有)|退款进度|钱.{0,4}(?:到|回来)/.test(normalized)) return 'refund.status';
  // "急用 下单后多久能发货" is still the general question, asked in a hurry (the urgency goes to needs).
  if (asksToHurry(normalized) && !POLICY_SHAPE.test(normalized) && !/下单后|拍了后|付款后|一般/.test(normalized) && ['order.track', 'shipping.eta', 'logistics.exception', 'out_of_scope', 'shipping.courier', 'product.stock'].includes(intent)) return 'shipping.expedite';
  if (reading.order.refersToOrder && !ORDER_FAMILY.has(intent) && MISREAD_AS_GENERAL.has(intent) && !POLICY_SHAPE.test(normalized)) {
    if (/退款|退钱|退了|到账/.test(normalized)) return 'refund.status';
    return 'order.track';
  }
  return intent;
}

/** Words around a product in an elliptical follow-up: 那 X 呢 / X 的呢 / 还有 X 呢. */
const ELLIPSIS_FILLER = /那|呢|咧|嘞|啊|呀|吗|的|还有|如果是|换成|是|个|款|[,，.。!！?？~\s]/g;

/**
 * Reads a follow-up against the topic: "那电动牙刷呢" after "戴森吹风机保修多久" asks the same about
 * the toothbrush; "价格呢" / "有啥颜色" after 小米14 ask about 小米14. Returns the question with the
 * subject restored, and the intent and attribute it continues, or null when the turn stands alone.
 */
export function readFollowUp(
  normalized: string,
  mention: string | undefined,
  reading: TurnReading,
  topic: DialogTopic | undefined,
  currentProduct: string | undefined,
): { question: string; intent?: string; attribute?: ProductAttribute } | null {
  if (!topic) return null;
  const compact = normalized.toLowerCase();
  if (mention && reading.products.length > 0 && !reading.attribute && topic.question && (topic.attribute || topic.intent)) {
    const rest = compact.split(mention).join('').replace(ELLIPSIS_FILLER, '');
    if (rest.length > 1) return null;
    const withoutOld = topic.mention ? topic.question.toLowerCase().split(topic.mention).join('') : topic.question;
    return { question: `${mention}${withoutOld}`, intent: topic.intent, attribute: topic.attribute };
  }
  if (reading.attribute && reading.products.length === 0 && reading.categories.length === 0 && currentProduct && !reading.order.refersToOrder) {
    return { question: `${currentProduct}${normalized}`, attribute: reading.attribute };
  }
  return null;
}
