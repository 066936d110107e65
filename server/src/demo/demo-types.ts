/**
 * Types for the built-in demo tenant (「潮品生活旗舰店」): a realistic catalogue, shoppers, orders and
 * store-policy knowledge used by the CLI, the README walkthrough and seeding. Pure data, no I/O.
 */

export type DemoProductCategory = 'shoes' | 'apparel' | 'phones' | 'accessories' | 'appliances';

export interface DemoProduct {
  sku: string;
  /** Canonical catalogue name, e.g. 'Nike Air Jordan 1 高帮篮球鞋'. */
  name: string;
  brand: string;
  category: DemoProductCategory;
  /** Abbreviations and colloquial names shoppers type, e.g. ['AJ1', '乔1', 'aj一']. */
  aliases: string[];
  /** Price in yuan. */
  price: number;
  stock: number;
  /** 材质, 重量, 颜色可选, 尺码可选 etc. */
  specs: Record<string, string>;
  description: string;
}

export type MemberLevel = 'normal' | 'silver' | 'gold' | 'platinum';

export interface DemoShopper {
  /** Stable id used in the README and CLI, e.g. 'zhangwei'. */
  ref: string;
  name: string;
  /** Realistic but fake 11-digit mainland mobile number. */
  phone: string;
  /** Full Chinese address. */
  address: string;
  memberLevel: MemberLevel;
}

export type OrderStatus = 'unpaid' | 'paid' | 'shipped' | 'delivered' | 'completed' | 'cancelled' | 'refunding' | 'refunded';

export const ORDER_STATUSES: readonly OrderStatus[] = ['unpaid', 'paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunding', 'refunded'];

export interface DemoOrderItem {
  sku: string;
  quantity: number;
  size?: string;
  color?: string;
  /** Price actually charged per unit, in yuan (may be below the list price during promotions). */
  unitPrice: number;
}

export type LogisticsStatus = '已揽收' | '运输中' | '派送中' | '已签收' | '异常';

export interface DemoLogisticsEvent {
  at: string;
  status: LogisticsStatus;
  /** e.g. '【杭州市】快件已到达杭州转运中心'. */
  description: string;
}

export interface DemoOrder {
  /** e.g. 'E20261120001', pattern ^E\d{11}$ (E + yyyymmdd of creation + 3-digit sequence). */
  orderNo: string;
  shopperRef: string;
  status: OrderStatus;
  items: DemoOrderItem[];
  /** ISO 8601 with +08:00 offset. */
  createdAt: string;
  paidAt?: string;
  shippedAt?: string;
  /** 顺丰速运, 中通快递, 京东物流 ... */
  carrier?: string;
  trackingNo?: string;
  logistics: DemoLogisticsEvent[];
}

export interface DemoKnowledgeEntry {
  /** e.g. 'kb-returns-7day'. */
  id: string;
  /** The question, e.g. '七天无理由退货怎么办理？'. */
  title: string;
  /** 1-4 concrete sentences: days, amounts, steps. */
  answer: string;
  tags: string[];
  /** Words a shopper would type: 退货, 退款, 七天无理由 ... */
  keywords: string[];
  /** 2-4 colloquial paraphrases shoppers really type, including typos and slang. */
  similarQuestions: string[];
}

export interface DemoTenant {
  key: string;
  name: string;
  orderNumberPattern: string;
}

export type DemoConsoleRole = 'owner' | 'agent' | 'viewer';

export interface DemoConsoleUser {
  email: string;
  role: DemoConsoleRole;
  password: string;
}
