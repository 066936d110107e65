import type { Understander, Understanding, UnderstandingTenant } from './understander';

/** Ordered: the first rule whose pattern matches wins, so specific requests come before general ones. */
const RULES: { intent: string; pattern: RegExp }[] = [
  { intent: 'human.handoff', pattern: /转人工|人工客服|真人|找人工|别.{0,2}机器人/ },
  { intent: 'complaint', pattern: /投诉|态度.{0,3}差|12315|曝光|差评威胁/ },
  { intent: 'refund.status', pattern: /退款.{0,4}(进度|到账|多久|什么时候|啥时候)|钱.{0,3}(退|到账)了吗/ },
  { intent: 'logistics.exception', pattern: /没动|不动了|丢件|丢了|签收.{0,6}没收到|没收到.{0,4}签收/ },
  { intent: 'order.change_address', pattern: /改.{0,4}地址|地址.{0,4}(错|改)|换.{0,2}收货/ },
  { intent: 'order.cancel', pattern: /取消.{0,3}订单|不想要了|拍错了.{0,4}取消|取消吧/ },
  { intent: 'price_protection', pattern: /价保|退差价|买贵了|降价了/ },
  { intent: 'exchange.request', pattern: /换货|换.{0,2}(大|小)一码|换个(颜色|尺码)/ },
  { intent: 'quality.complaint', pattern: /坏的|破损|坏了|少发|漏发|发错|质量.{0,3}(问题|差)|有瑕疵/ },
  { intent: 'refund.request', pattern: /退货|退款|退钱|七天无理由|能退吗|怎么退/ },
  { intent: 'order.track', pattern: /物流|快递.{0,4}(到哪|哪了|信息)|到哪了|查.{0,2}(单|订单)|我的订单|订单.{0,6}(状态|怎么样)|到了吗/ },
  { intent: 'shipping.expedite', pattern: /加急|催.{0,2}(一下|发货)|快点发/ },
  { intent: 'shipping.eta', pattern: /多久.{0,2}(发货|到|能到)|几天.{0,2}(到|发)|什么时候发货|啥时候发/ },
  { intent: 'shipping.courier', pattern: /什么快递|哪家快递|顺丰|包邮|中通|圆通|京东物流|偏远/ },
  { intent: 'invoice.request', pattern: /发票|专票|普票|开票/ },
  { intent: 'payment.issue', pattern: /付款|支付|分期|花呗|信用卡|付不了/ },
  { intent: 'promotion.inquiry', pattern: /优惠|打折|折扣|券|便宜|活动|满减|双11|双十一/ },
  { intent: 'membership', pattern: /积分|会员|等级|权益/ },
  { intent: 'product.authenticity', pattern: /正品|假货|真的吗|假一赔/ },
  { intent: 'product.size_advice', pattern: /穿多大|多大码|选.{0,2}码|尺码.{0,3}(建议|推荐|怎么选)|偏大|偏小/ },
  { intent: 'product.stock', pattern: /有货|现货|补货|还有吗|缺货|库存/ },
  { intent: 'product.recommend', pattern: /推荐|买哪个|哪款好|送.{0,4}(女朋友|男朋友|爸|妈)/ },
  { intent: 'product.compatibility', pattern: /能用吗|兼容|适配|适用于/ },
  { intent: 'product.spec', pattern: /材质|多重|保质期|防水|参数|规格|面料|保修/ },
  { intent: 'thanks_bye', pattern: /谢谢|多谢|拜拜|再见|没事了/ },
  { intent: 'greeting', pattern: /^(你好|您好|在吗|在不在|哈喽|hello|hi|嗨)/i },
  { intent: 'affirm', pattern: /^(是的|对|确认|嗯+|好的?|可以|行)$/ },
  { intent: 'deny', pattern: /^(不是|不用了?|算了|不要)/ },
];

/**
 * A deliberately simple first "understand" step: ordered keyword rules over the 30 standard intents,
 * plus order-number extraction with the tenant's pattern. The NLU engine replaces it behind the
 * Understander interface without touching the pipeline.
 */
export class KeywordUnderstander implements Understander {
  async understand(text: string, _context: unknown, tenant: UnderstandingTenant): Promise<Understanding> {
    const normalized = text.normalize('NFKC').trim();
    const slots: Record<string, string> = {};
    const orderId = extractOrderId(normalized, tenant.orderNumberPattern);
    if (orderId) slots.order_id = orderId;
    const rule = RULES.find((r) => r.pattern.test(normalized));
    if (rule) return { intent: rule.intent, confidence: 0.6, slots };
    if (orderId) return { intent: 'order.track', confidence: 0.5, slots };
    return { intent: 'out_of_scope', confidence: 0.2, slots };
  }
}

function extractOrderId(text: string, pattern: string | null): string | undefined {
  if (!pattern) return undefined;
  const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
  const match = new RegExp(body, 'i').exec(text.replace(/\s+/g, ''));
  return match?.[0].toUpperCase();
}
