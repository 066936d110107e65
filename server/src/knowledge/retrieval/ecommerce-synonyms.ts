/**
 * Words shoppers use interchangeably for one e-commerce notion. Each group becomes one extra index
 * term (`s:<group>`) on both the entry and the query side, so 退钱 finds an entry written with 退款
 * without rewriting the text (rewriting would corrupt longer words and the bigram evidence).
 * Keep groups to true interchangeables: a loose group (e.g. 花呗 with 借呗) merges products that
 * have different answers.
 */
const ECOMMERCE_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  refund: ['退款', '退钱', '退费', '返款', '钱退'],
  return: ['退货', '退回', '寄回', '退换'],
  exchange: ['换货', '调换', '换个', '换一个'],
  logistics: ['快递', '物流', '包裹', '邮件', '运单', '单号'],
  ship: ['发货', '发出', '寄出', '出库'],
  arrive: ['到货', '送达', '收到货', '签收'],
  invoice: ['发票', '开票', '专票', '普票'],
  coupon: ['优惠券', '代金券', '红包', '满减券', '券'],
  instalment: ['花呗', '分期', '白条'],
  repay: ['还款', '还钱', '还清', '还上'],
  limit: ['额度', '提额', '限额'],
  open: ['开通', '开启', '激活'],
  close: ['关闭', '取消', '注销'],
  pay: ['支付', '付款', '付钱', '买单'],
  overdue: ['逾期', '晚还', '延期还'],
  how: ['怎么', '如何', '咋', '怎样', '怎么样', '怎么办'],
  why: ['为什么', '为啥', '怎么会', '何故'],
  can: ['能不能', '可不可以', '可以吗', '能否', '行不行'],
  price: ['价格', '价钱', '多少钱', '差价'],
  shipping_fee: ['运费', '邮费', '包邮'],
  size: ['尺码', '尺寸', '码数', '大小'],
  quality: ['质量', '做工', '质量问题', '瑕疵'],
  service: ['客服', '人工', '真人'],
  cancel_order: ['取消订单', '撤单', '不要了'],
  address: ['地址', '收货地址', '收件地址'],
  phone_number: ['手机号', '电话', '手机号码'],
  // A physical shop as opposed to the online one; 店铺 is left out because it means the online shop too.
  store: ['门店', '实体店', '线下店', '店面'],
};

const variants = Object.entries(ECOMMERCE_SYNONYMS).flatMap(([group, words]) => words.map((word) => ({ group, word })));

/** The words of one group (empty for an unknown group): what a group found in a text stands for. */
export function synonymVariants(group: string): readonly string[] {
  return Object.hasOwn(ECOMMERCE_SYNONYMS, group) ? ECOMMERCE_SYNONYMS[group] : [];
}

/** The synonym groups whose variants occur in an already normalised text (substring match). */
export function findSynonymGroups(normalizedText: string): string[] {
  const groups = new Set<string>();
  for (const { group, word } of variants) if (normalizedText.includes(word)) groups.add(group);
  return [...groups];
}
