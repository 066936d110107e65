/**
 * Categories of e-commerce customer-service knowledge and the words that signal them. The first
 * category with the highest score wins, so order breaks ties toward the more specific topic.
 */
export const CATEGORY_KEYWORDS: readonly { category: string; words: readonly string[] }[] = [
  { category: '发票', words: ['发票', '开票', '抬头', '税号', '增值税', '专票', '普票', 'invoice'] },
  { category: '退换', words: ['退货', '换货', '退款', '无理由', '退换', '运费险', '寄回', '退回', '拒收', 'return', 'refund'] },
  { category: '售后', words: ['保修', '维修', '质量问题', '售后', '三包', '故障', '坏了', '投诉', '延保', 'warranty'] },
  { category: '物流', words: ['发货', '快递', '物流', '配送', '顺丰', '中通', '圆通', '京东物流', '运费', '包邮', '到货', '签收', '揽收', '偏远', 'shipping', 'delivery'] },
  { category: '支付', words: ['支付', '付款', '花呗', '分期', '微信支付', '支付宝', '信用卡', '货到付款', '余额', 'payment'] },
  { category: '会员', words: ['会员', '积分', '等级', '铂金', '黄金', '白银', '成长值', '会员日', 'member'] },
  { category: '促销', words: ['优惠券', '满减', '促销', '活动', '折扣', '秒杀', '双11', '双十一', '双12', '618', '价保', '保价', '预售', '定金', '赠品', '券', 'coupon'] },
  { category: '账户', words: ['账号', '登录', '密码', '手机号', '绑定', '注销', '改地址', '收货地址'] },
  { category: '商品', words: ['尺码', '材质', '规格', '颜色', '型号', '参数', '正品', '库存', '尺寸', '重量', '面料', '鞋码', 'size'] },
];
