/**
 * What a refund decision is made from and what it says. Apart from evaluate-refund (which
 * re-exports them as the folder's face) so the rule runner and the store can use them without
 * importing the entry point that imports them.
 */
export interface RefundFacts {
  orderId: number;
  orderState: string;
  orderAgeDays: number;
  amountCents: number;
  reason: string;
  itemCategory: string;
  customItem: boolean;
  refundsLast90Days: number;
  riskScore: number;
  customerTier: string;
}

export interface RefundDecision {
  outcome: 'approve' | 'review' | 'decline';
  ruleId: string;
  reason: string;
  policyText?: string;
}
