/** An intent the model may choose, with the words the prompt uses to describe it. */
export interface IntentDescription {
  id: string;
  description?: string;
}

/**
 * The 30 standard intents of the NLU contract (/work/shared/spec/nlu-contract.md), described for
 * the LLM fallback's prompt. The ids are the contract and must not change; the descriptions pair
 * the contract's English gloss with typical shopper wording, because a model separates close
 * intents (order.track vs shipping.eta) far better from examples than from a name.
 */
export const STANDARD_INTENT_DESCRIPTIONS: readonly IntentDescription[] = [
  // Pre-sale
  { id: 'product.stock', description: 'is it in stock, when restocked — 有货么 / 42码还有吗 / 有黑色吗 / 啥时候补货' },
  { id: 'product.spec', description: 'facts about the item — 什么材质 / 多重 / 保质期多久 / 防水吗' },
  { id: 'product.authenticity', description: 'genuine or fake — 是正品吗 / 假一赔几' },
  { id: 'product.size_advice', description: 'which size fits me — 170 65公斤穿多大 / 脚宽选大一码吗' },
  { id: 'product.compatibility', description: 'works with / fits another item — 这充电器iPhone15能用吗 / 适配小米14吗' },
  { id: 'product.recommend', description: 'suggest something — 有啥推荐的 / 送女朋友买哪个好' },
  { id: 'promotion.inquiry', description: 'price cuts, coupons, sales, bargaining — 啥时候打折 / 有券吗 / 能便宜点不 / 双11价格' },
  { id: 'shipping.eta', description: 'when it ships / how long delivery takes, in general (not a specific order) — 多久发货 / 几天能到' },
  { id: 'shipping.expedite', description: 'hurry it up — 能加急吗 / 催一下发货 / 急用今天能发吗' },
  { id: 'shipping.courier', description: 'which carrier, where it delivers — 发什么快递 / 能发顺丰不 / 新疆包邮吗' },
  // Order
  { id: 'order.track', description: 'where is my placed order/parcel — 我的快递到哪了 / 查下物流 / 订单到哪了' },
  { id: 'order.change_address', description: 'change recipient address/phone/name — 地址填错了 / 改个收货地址' },
  { id: 'order.cancel', description: 'cancel an order — 不想要了取消吧 / 拍错了取消订单' },
  { id: 'order.modify', description: 'change items/spec/remark before shipping — 颜色拍错了改成黑色 / 备注一下' },
  { id: 'payment.issue', description: 'paying, instalments, payment failures — 付不了款 / 能分期吗 / 支持花呗么' },
  { id: 'invoice.request', description: 'invoices — 开发票 / 专票能开吗' },
  // After-sale
  { id: 'refund.request', description: 'return/refund, or the policy for it — 我要退货 / 七天无理由能退吗 / 退款政策' },
  { id: 'refund.status', description: 'progress of a refund — 退款啥时候到账 / 退款进度' },
  { id: 'exchange.request', description: 'exchange size/colour/item after receipt — 换个大一码 / 能换货吗' },
  { id: 'price_protection', description: 'price dropped after purchase — 买贵了能退差价不 / 价保' },
  { id: 'quality.complaint', description: 'defective, damaged, wrong or missing item — 收到是坏的 / 少发了一件 / 发错颜色了' },
  { id: 'logistics.exception', description: 'parcel stuck, lost, marked delivered but not received — 三天没动了 / 显示签收了但我没收到' },
  { id: 'complaint', description: 'complaint about service, threat to escalate — 我要投诉 / 态度太差 / 再不处理就12315' },
  // Account
  { id: 'membership', description: 'points, member levels, account — 积分怎么用 / 会员有啥权益' },
  // Conversation control
  { id: 'human.handoff', description: 'wants a human agent — 转人工 / 真人客服呢 / 别机器人了' },
  { id: 'greeting', description: 'greeting — 你好 / 在吗 / 哈喽' },
  { id: 'thanks_bye', description: 'thanks or goodbye — 谢谢 / 好的没事了 / 拜拜' },
  { id: 'affirm', description: 'yes, confirming a prompt — 是的 / 对 / 确认 / 嗯嗯可以' },
  { id: 'deny', description: 'no, rejecting a prompt — 不是 / 不用了 / 算了不改了' },
  { id: 'out_of_scope', description: 'nothing to do with shopping here — 今天天气咋样 / 讲个笑话' },
];
