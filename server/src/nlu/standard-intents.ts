/** The 30 standard intents of the NLU contract (shared/spec/nlu-contract.md); stable ids. */
export const STANDARD_INTENT_IDS: ReadonlySet<string> = new Set([
  'product.stock', 'product.spec', 'product.authenticity', 'product.size_advice', 'product.compatibility', 'product.recommend',
  'promotion.inquiry', 'shipping.eta', 'shipping.expedite', 'shipping.courier',
  'order.track', 'order.change_address', 'order.cancel', 'order.modify', 'payment.issue', 'invoice.request',
  'refund.request', 'refund.status', 'exchange.request', 'price_protection', 'quality.complaint', 'logistics.exception', 'complaint',
  'membership', 'human.handoff', 'greeting', 'thanks_bye', 'affirm', 'deny', 'out_of_scope',
]);
