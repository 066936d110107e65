import type { DemoOrder } from './demo-types';

/**
 * Eighteen demo orders, October–November 2026 ("today" in the demo is 2026-11-26). All parcels leave
 * the 杭州余杭 warehouse except small appliances, which leave the 嘉兴 brand warehouse by 京东物流.
 * Phones and items of 2000 yuan or more go by 顺丰速运, platinum members always get 顺丰, the rest
 * go by 中通快递 — the same rules the knowledge base states.
 *
 * Notable cases: E20261117005 is stuck with an 异常 event since 2026-11-22 (snow in 乌鲁木齐);
 * E20261118004 is a return in progress after delivery; E20261113007 was refunded before shipping.
 */
export const demoOrders: DemoOrder[] = [
  // ── zhangwei (张伟, gold, 上海) ──────────────────────────────────────────
  {
    orderNo: 'E20261024003',
    shopperRef: 'zhangwei',
    status: 'completed',
    items: [{ sku: 'SHOE-AF1-LOW', quantity: 1, size: '42', color: '纯白', unitPrice: 799 }],
    createdAt: '2026-10-24T20:15:31+08:00',
    paidAt: '2026-10-24T20:16:05+08:00',
    shippedAt: '2026-10-25T15:40:00+08:00',
    carrier: '中通快递',
    trackingNo: '78423356107284',
    logistics: [
      { at: '2026-10-25T15:40:00+08:00', status: '已揽收', description: '【杭州市】中通快递 杭州余杭仓储部 已揽收' },
      { at: '2026-10-25T23:18:00+08:00', status: '运输中', description: '【杭州市】快件已到达 杭州转运中心，正发往 上海转运中心' },
      { at: '2026-10-26T07:52:00+08:00', status: '派送中', description: '【上海市】上海浦东张江网点 快递员正在派件' },
      { at: '2026-10-26T11:30:00+08:00', status: '已签收', description: '【上海市】快件已签收，签收人：本人。感谢使用中通快递' },
    ],
  },
  {
    orderNo: 'E20261120002',
    shopperRef: 'zhangwei',
    status: 'delivered',
    items: [
      { sku: 'PHONE-IP15PM', quantity: 1, color: '原色钛金属', unitPrice: 7999 },
      { sku: 'ACC-APPLE-20W', quantity: 1, color: '白色', unitPrice: 149 },
      { sku: 'ACC-CASE-IP15PM', quantity: 1, color: '透明', unitPrice: 69 },
    ],
    createdAt: '2026-11-20T10:02:11+08:00',
    paidAt: '2026-11-20T10:03:40+08:00',
    shippedAt: '2026-11-20T17:30:00+08:00',
    carrier: '顺丰速运',
    trackingNo: 'SF1458802356712',
    logistics: [
      { at: '2026-11-20T17:30:00+08:00', status: '已揽收', description: '【杭州市】顺丰速运 已收取快件（保价件）' },
      { at: '2026-11-20T22:10:00+08:00', status: '运输中', description: '【杭州市】快件已发车，正发往【上海浦东集散中心】' },
      { at: '2026-11-21T08:15:00+08:00', status: '派送中', description: '【上海市】快件已交给张江营业点派送员，正在派送途中' },
      { at: '2026-11-21T11:42:00+08:00', status: '已签收', description: '【上海市】快件已签收，签收人：本人' },
    ],
  },
  {
    orderNo: 'E20261124005',
    shopperRef: 'zhangwei',
    status: 'shipped',
    items: [{ sku: 'APPL-DYSON-HD15', quantity: 1, color: '紫红镍色', unitPrice: 2999 }],
    createdAt: '2026-11-24T21:47:09+08:00',
    paidAt: '2026-11-24T21:48:30+08:00',
    shippedAt: '2026-11-25T16:05:00+08:00',
    carrier: '顺丰速运',
    trackingNo: 'SF1460193875520',
    logistics: [
      { at: '2026-11-25T16:05:00+08:00', status: '已揽收', description: '【杭州市】顺丰速运 已收取快件（保价件）' },
      { at: '2026-11-25T21:40:00+08:00', status: '运输中', description: '【杭州市】快件已到达 杭州萧山集散中心' },
      { at: '2026-11-26T05:12:00+08:00', status: '运输中', description: '【上海市】快件已到达 上海浦东集散中心' },
    ],
  },
  {
    orderNo: 'E20261126001',
    shopperRef: 'zhangwei',
    status: 'unpaid',
    items: [{ sku: 'SHOE-AJ1-HIGH', quantity: 1, size: '42.5', color: '芝加哥红白', unitPrice: 1399 }],
    createdAt: '2026-11-26T09:20:44+08:00',
    logistics: [],
  },

  // ── lina (李娜, platinum, 北京) ──────────────────────────────────────────
  {
    orderNo: 'E20261105002',
    shopperRef: 'lina',
    status: 'completed',
    items: [
      { sku: 'APP-TNF-1996', quantity: 1, size: 'M', color: '黑色', unitPrice: 2599 },
      { sku: 'APP-LEVIS-501', quantity: 1, size: '29', color: '石洗蓝', unitPrice: 599 },
    ],
    createdAt: '2026-11-05T13:05:20+08:00',
    paidAt: '2026-11-05T13:06:02+08:00',
    shippedAt: '2026-11-05T18:20:00+08:00',
    carrier: '顺丰速运',
    trackingNo: 'SF1449027731658',
    logistics: [
      { at: '2026-11-05T18:20:00+08:00', status: '已揽收', description: '【杭州市】顺丰速运 已收取快件' },
      { at: '2026-11-05T23:55:00+08:00', status: '运输中', description: '【杭州市】快件已发车，正发往【北京顺义集散中心】' },
      { at: '2026-11-06T09:10:00+08:00', status: '派送中', description: '【北京市】快件已交给望京营业点派送员，正在派送途中' },
      { at: '2026-11-06T13:26:00+08:00', status: '已签收', description: '【北京市】快件已签收，签收人：前台代收' },
    ],
  },
  {
    orderNo: 'E20261118004',
    shopperRef: 'lina',
    status: 'refunding',
    items: [{ sku: 'ACC-AIRPODS-PRO2', quantity: 1, color: '白色', unitPrice: 1799 }],
    createdAt: '2026-11-18T22:30:05+08:00',
    paidAt: '2026-11-18T22:30:50+08:00',
    shippedAt: '2026-11-19T14:10:00+08:00',
    carrier: '顺丰速运',
    trackingNo: 'SF1457730290418',
    logistics: [
      { at: '2026-11-19T14:10:00+08:00', status: '已揽收', description: '【杭州市】顺丰速运 已收取快件' },
      { at: '2026-11-19T22:45:00+08:00', status: '运输中', description: '【北京市】快件已到达 北京顺义集散中心' },
      { at: '2026-11-20T08:40:00+08:00', status: '派送中', description: '【北京市】快件已交给望京营业点派送员，正在派送途中' },
      { at: '2026-11-20T10:05:00+08:00', status: '已签收', description: '【北京市】快件已签收，签收人：本人' },
    ],
  },
  {
    orderNo: 'E20261125003',
    shopperRef: 'lina',
    status: 'paid',
    items: [{ sku: 'PHONE-MATE60P', quantity: 1, color: '雅川青', unitPrice: 6499 }],
    createdAt: '2026-11-25T20:11:37+08:00',
    paidAt: '2026-11-25T20:12:09+08:00',
    logistics: [],
  },

  // ── wangfang (王芳, silver, 杭州) ────────────────────────────────────────
  {
    orderNo: 'E20261015001',
    shopperRef: 'wangfang',
    status: 'completed',
    items: [
      { sku: 'APPL-MIDEA-RICE4L', quantity: 1, color: '星空灰', unitPrice: 399 },
      { sku: 'APPL-PHILIPS-9000', quantity: 1, color: '粉色', unitPrice: 899 },
    ],
    createdAt: '2026-10-15T12:40:18+08:00',
    paidAt: '2026-10-15T12:41:02+08:00',
    shippedAt: '2026-10-15T19:30:00+08:00',
    carrier: '京东物流',
    trackingNo: 'JDVA27140598362',
    logistics: [
      { at: '2026-10-15T19:30:00+08:00', status: '已揽收', description: '【嘉兴市】京东物流 嘉兴品牌仓 已揽收' },
      { at: '2026-10-16T02:15:00+08:00', status: '运输中', description: '【杭州市】快件已到达 京东杭州分拣中心' },
      { at: '2026-10-16T09:00:00+08:00', status: '派送中', description: '【杭州市】配送员正在为您派件（西湖文三路营业部）' },
      { at: '2026-10-16T12:20:00+08:00', status: '已签收', description: '【杭州市】您的快件已签收，签收人：本人' },
    ],
  },
  {
    orderNo: 'E20261112006',
    shopperRef: 'wangfang',
    status: 'refunded',
    items: [{ sku: 'SHOE-SAMBA-OG', quantity: 1, size: '38', color: '白绿', unitPrice: 809 }],
    createdAt: '2026-11-12T00:35:26+08:00',
    paidAt: '2026-11-12T00:36:10+08:00',
    shippedAt: '2026-11-12T17:00:00+08:00',
    carrier: '中通快递',
    trackingNo: '78431102947765',
    logistics: [
      { at: '2026-11-12T17:00:00+08:00', status: '已揽收', description: '【杭州市】中通快递 杭州余杭仓储部 已揽收' },
      { at: '2026-11-12T22:30:00+08:00', status: '运输中', description: '【杭州市】快件已到达 杭州转运中心' },
      { at: '2026-11-13T08:20:00+08:00', status: '派送中', description: '【杭州市】西湖文三路网点 快递员正在派件' },
      { at: '2026-11-13T11:05:00+08:00', status: '已签收', description: '【杭州市】快件已签收，签收人：菜鸟驿站（文三路店）代收' },
    ],
  },
  {
    orderNo: 'E20261126003',
    shopperRef: 'wangfang',
    status: 'paid',
    items: [
      { sku: 'APP-BASIC-TEE', quantity: 2, size: 'M', color: '白色', unitPrice: 79 },
      { sku: 'APP-BASIC-FLEECE', quantity: 1, size: 'M', color: '燕麦色', unitPrice: 149 },
    ],
    createdAt: '2026-11-26T08:40:12+08:00',
    paidAt: '2026-11-26T08:41:00+08:00',
    logistics: [],
  },

  // ── liuyang (刘洋, normal, 深圳) ─────────────────────────────────────────
  {
    orderNo: 'E20261108009',
    shopperRef: 'liuyang',
    status: 'cancelled',
    items: [{ sku: 'APP-NK-HOODIE', quantity: 1, size: 'L', color: '灰色', unitPrice: 499 }],
    createdAt: '2026-11-08T23:02:45+08:00',
    logistics: [],
  },
  {
    orderNo: 'E20261124008',
    shopperRef: 'liuyang',
    status: 'shipped',
    items: [{ sku: 'PHONE-MI14', quantity: 1, color: '岩石青', unitPrice: 3999 }],
    createdAt: '2026-11-24T19:26:03+08:00',
    paidAt: '2026-11-24T19:27:15+08:00',
    shippedAt: '2026-11-25T15:30:00+08:00',
    carrier: '顺丰速运',
    trackingNo: 'SF1460087216639',
    logistics: [
      { at: '2026-11-25T15:30:00+08:00', status: '已揽收', description: '【杭州市】顺丰速运 已收取快件（保价件）' },
      { at: '2026-11-25T22:05:00+08:00', status: '运输中', description: '【杭州市】快件已发车，正发往【深圳宝安集散中心】（航空件）' },
      { at: '2026-11-26T07:40:00+08:00', status: '运输中', description: '【深圳市】快件已到达 深圳宝安集散中心' },
    ],
  },

  // ── chenjing (陈静, silver, 成都) ────────────────────────────────────────
  {
    orderNo: 'E20261030004',
    shopperRef: 'chenjing',
    status: 'completed',
    items: [
      { sku: 'SHOE-LN-CQ21', quantity: 1, size: '37', color: '荧光黄', unitPrice: 599 },
      { sku: 'APP-BASIC-TEE', quantity: 2, size: 'S', color: '黑色', unitPrice: 79 },
    ],
    createdAt: '2026-10-30T21:10:09+08:00',
    paidAt: '2026-10-30T21:11:00+08:00',
    shippedAt: '2026-10-31T16:45:00+08:00',
    carrier: '中通快递',
    trackingNo: '78426650318842',
    logistics: [
      { at: '2026-10-31T16:45:00+08:00', status: '已揽收', description: '【杭州市】中通快递 杭州余杭仓储部 已揽收' },
      { at: '2026-10-31T23:40:00+08:00', status: '运输中', description: '【杭州市】快件已到达 杭州转运中心，正发往 成都转运中心' },
      { at: '2026-11-02T04:20:00+08:00', status: '运输中', description: '【成都市】快件已到达 成都转运中心' },
      { at: '2026-11-02T09:30:00+08:00', status: '派送中', description: '【成都市】武侯天府大道网点 快递员正在派件' },
      { at: '2026-11-02T14:08:00+08:00', status: '已签收', description: '【成都市】快件已签收，签收人：本人' },
    ],
  },
  {
    orderNo: 'E20261113007',
    shopperRef: 'chenjing',
    status: 'refunded',
    items: [
      { sku: 'ACC-ANKER-65W', quantity: 1, color: '白色', unitPrice: 199 },
      { sku: 'ACC-UGREEN-CC', quantity: 1, color: '白色', unitPrice: 39 },
    ],
    createdAt: '2026-11-13T14:18:20+08:00',
    paidAt: '2026-11-13T14:19:02+08:00',
    logistics: [],
  },
  {
    orderNo: 'E20261116003',
    shopperRef: 'chenjing',
    status: 'delivered',
    items: [{ sku: 'APP-BSD-DOWN', quantity: 1, size: 'M', color: '雾霾蓝', unitPrice: 1299 }],
    createdAt: '2026-11-16T10:25:33+08:00',
    paidAt: '2026-11-16T10:26:11+08:00',
    shippedAt: '2026-11-17T11:20:00+08:00',
    carrier: '中通快递',
    trackingNo: '78432897150463',
    logistics: [
      { at: '2026-11-17T11:20:00+08:00', status: '已揽收', description: '【杭州市】中通快递 杭州余杭仓储部 已揽收' },
      { at: '2026-11-17T22:50:00+08:00', status: '运输中', description: '【杭州市】快件已到达 杭州转运中心，正发往 成都转运中心' },
      { at: '2026-11-19T03:35:00+08:00', status: '运输中', description: '【成都市】快件已到达 成都转运中心' },
      { at: '2026-11-19T08:50:00+08:00', status: '派送中', description: '【成都市】武侯天府大道网点 快递员正在派件' },
      { at: '2026-11-19T17:32:00+08:00', status: '已签收', description: '【成都市】快件已签收，签收人：丰巢智能柜（环球中心E1区）' },
    ],
  },

  // ── zhaolei (赵磊, normal, 乌鲁木齐) ─────────────────────────────────────
  {
    orderNo: 'E20261101006',
    shopperRef: 'zhaolei',
    status: 'completed',
    items: [{ sku: 'PHONE-VIVO-X100P', quantity: 1, color: '落日橙', unitPrice: 4999 }],
    createdAt: '2026-11-01T11:05:42+08:00',
    paidAt: '2026-11-01T11:06:20+08:00',
    shippedAt: '2026-11-01T17:50:00+08:00',
    carrier: '顺丰速运',
    trackingNo: 'SF1446612093875',
    logistics: [
      { at: '2026-11-01T17:50:00+08:00', status: '已揽收', description: '【杭州市】顺丰速运 已收取快件（保价件）' },
      { at: '2026-11-02T01:30:00+08:00', status: '运输中', description: '【杭州市】快件已发车，正发往【乌鲁木齐集散中心】（航空件）' },
      { at: '2026-11-03T10:20:00+08:00', status: '运输中', description: '【乌鲁木齐市】快件已到达 乌鲁木齐集散中心' },
      { at: '2026-11-04T09:15:00+08:00', status: '派送中', description: '【乌鲁木齐市】快件已交给天山区营业点派送员，正在派送途中' },
      { at: '2026-11-04T15:40:00+08:00', status: '已签收', description: '【乌鲁木齐市】快件已签收，签收人：本人' },
    ],
  },
  {
    orderNo: 'E20261117005',
    shopperRef: 'zhaolei',
    status: 'shipped',
    items: [
      { sku: 'SHOE-NB-530', quantity: 1, size: '43', color: '白银', unitPrice: 699 },
      { sku: 'ACC-UGREEN-CC', quantity: 1, color: '黑色', unitPrice: 39 },
    ],
    createdAt: '2026-11-17T22:14:50+08:00',
    paidAt: '2026-11-17T22:15:30+08:00',
    shippedAt: '2026-11-18T16:20:00+08:00',
    carrier: '中通快递',
    trackingNo: '78433528806127',
    logistics: [
      { at: '2026-11-18T16:20:00+08:00', status: '已揽收', description: '【杭州市】中通快递 杭州余杭仓储部 已揽收' },
      { at: '2026-11-19T00:40:00+08:00', status: '运输中', description: '【杭州市】快件已到达 杭州转运中心，正发往 乌鲁木齐转运中心' },
      { at: '2026-11-21T06:15:00+08:00', status: '运输中', description: '【兰州市】快件已到达 兰州转运中心' },
      {
        at: '2026-11-22T10:30:00+08:00',
        status: '异常',
        description: '【乌鲁木齐市】受降雪天气及道路管控影响，快件滞留乌鲁木齐转运中心，派送时间延迟',
      },
    ],
  },
  {
    orderNo: 'E20261119010',
    shopperRef: 'zhaolei',
    status: 'cancelled',
    items: [{ sku: 'APPL-JOYOUNG-SOY', quantity: 1, color: '白色', unitPrice: 499 }],
    createdAt: '2026-11-19T20:33:10+08:00',
    logistics: [],
  },
];
