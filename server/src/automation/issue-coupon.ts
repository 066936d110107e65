import { loadCommerceConnectors } from '../commerce/connectors/connector-registry';
import { Customer } from '../customers/models';
import type { Runtime } from '../runtime';
import type { ProactiveKind } from './models';

const TITLES: Record<ProactiveKind, string> = { logistics: '物流延误补偿券', unpaid: '付款优惠券', cart: '购物车优惠券', high_value: '会员专属优惠券' };
export const COUPON_VALID_DAYS = 30;

/**
 * Issues the coupon through the tenant's marketing connector (the built-in store by default), so
 * the shopper can use it and the coupon skill finds it. The code is the idempotency key: a resumed
 * send finds the coupon it already issued. A customer the store does not know by reference (an
 * anonymous visitor) keeps the code recorded in proactive_sends only.
 */
export async function issueProactiveCoupon(runtime: Pick<Runtime, 'cipher'>, tenantId: number, input: { customerId: number; kind: ProactiveKind; code: string; cents: number }): Promise<boolean> {
  const customer = await Customer.findOne({ where: { tenantId, id: input.customerId } });
  if (!customer?.externalRef) return false;
  const connectors = await loadCommerceConnectors(tenantId, runtime.cipher);
  await connectors.marketing.issueCoupon({
    customerRef: customer.externalRef,
    title: TITLES[input.kind],
    discountCents: input.cents,
    minSpendCents: 0,
    validDays: COUPON_VALID_DAYS,
    idempotencyKey: input.code,
  });
  return true;
}
