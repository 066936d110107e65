import type { RefundRule } from './rule-set-schema';

/**
 * The rule set every tenant starts with (and the demo merchant uses) until the merchant saves its
 * own. It follows common Chinese e-commerce practice: 七天无理由 for ordinary goods, none for
 * custom-made ones, people look at risky or large refunds, small clear cases go through at once.
 * Reasons the skills pass: no_reason, quality_issue, wrong_item, damaged, not_received, other.
 */
export const DEFAULT_REFUND_RULES: RefundRule[] = [
  {
    id: 'order-state-not-refundable',
    priority: 100,
    conditions: { all: [{ fact: 'orderState', operator: 'in', value: ['unpaid', 'cancelled', 'refunding', 'refunded'] }] },
    outcome: 'decline',
    reason: 'the order is unpaid, cancelled or already in a refund',
    policyText: '该订单当前状态无法申请退款（未付款、已取消或已在退款流程中）。',
  },
  {
    id: 'custom-item-not-returnable',
    priority: 95,
    conditions: { all: [{ fact: 'customItem', operator: 'equal', value: true }, { fact: 'reason', operator: 'notIn', value: ['quality_issue', 'wrong_item', 'damaged', 'not_received'] }] },
    outcome: 'decline',
    reason: 'custom-made items are not returnable without a quality problem',
    policyText: '定制类商品不支持七天无理由退换货；如有质量问题、错发或破损，可提供照片申请售后。',
  },
  {
    id: 'high-risk-score',
    priority: 90,
    conditions: { all: [{ fact: 'riskScore', operator: 'greaterThanInclusive', value: 70 }] },
    outcome: 'review',
    reason: 'risk score 70 or above',
  },
  {
    id: 'frequent-refunds',
    priority: 85,
    conditions: { all: [{ fact: 'refundsLast90Days', operator: 'greaterThanInclusive', value: 3 }] },
    outcome: 'review',
    reason: 'three or more refunds in the last 90 days',
  },
  {
    id: 'no-reason-window-expired',
    priority: 80,
    conditions: { all: [{ fact: 'reason', operator: 'equal', value: 'no_reason' }, { fact: 'orderAgeDays', operator: 'greaterThan', value: 7 }] },
    outcome: 'decline',
    reason: 'no-reason return asked after the 7-day window',
    policyText: '七天无理由退货需在签收后7天内申请，该订单已超过期限；如商品有质量问题，可选择"质量问题"申请售后。',
  },
  {
    id: 'after-sales-window-expired',
    priority: 75,
    conditions: { all: [{ fact: 'orderAgeDays', operator: 'greaterThan', value: 30 }] },
    outcome: 'review',
    reason: 'after-sales request more than 30 days after the order',
  },
  {
    id: 'large-amount',
    priority: 70,
    conditions: { all: [{ fact: 'amountCents', operator: 'greaterThan', value: 50000 }] },
    outcome: 'review',
    reason: 'refund above 500 yuan',
  },
  {
    id: 'refund-before-shipment',
    priority: 60,
    conditions: { all: [{ fact: 'orderState', operator: 'equal', value: 'paid' }] },
    outcome: 'approve',
    reason: 'paid order not yet shipped',
  },
  {
    id: 'small-refund-within-window',
    priority: 50,
    conditions: { all: [{ fact: 'amountCents', operator: 'lessThanInclusive', value: 50000 }, { fact: 'orderAgeDays', operator: 'lessThanInclusive', value: 30 }] },
    outcome: 'approve',
    reason: 'refund of 500 yuan or less within 30 days',
  },
];
