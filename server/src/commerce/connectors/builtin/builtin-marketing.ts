import { Op } from 'sequelize';
import { Customer } from '../../../customers/models';
import { Coupon, Promotion } from '../../action-models';
import { findOrCreateRow } from '../../find-or-create-row';
import type { CouponView, MarketingConnector, PromotionView } from '../connector-types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Coupons and promotions kept in Kefu's own tables. */
export class BuiltinMarketing implements MarketingConnector {
  constructor(private readonly tenantId: number, private readonly now: () => Date = () => new Date()) {}

  async listCoupons(customerRef: string): Promise<CouponView[]> {
    const customer = await Customer.findOne({ where: { tenantId: this.tenantId, externalRef: customerRef } });
    if (!customer) return [];
    const coupons = await Coupon.findAll({
      where: { tenantId: this.tenantId, customerId: customer.id, status: 'available', expiresAt: { [Op.gt]: this.now() } },
      order: [['expiresAt', 'ASC']],
    });
    return coupons.map(view);
  }

  async issueCoupon(input: { customerRef: string; title: string; discountCents: number; minSpendCents: number; validDays: number; idempotencyKey: string }): Promise<CouponView> {
    const customer = await Customer.findOne({ where: { tenantId: this.tenantId, externalRef: input.customerRef } });
    if (!customer) throw new Error('unknown customer');
    // The idempotency key is the coupon code: issuing twice for one trigger finds the first coupon.
    const coupon = await findOrCreateRow(Coupon, { tenantId: this.tenantId, code: input.idempotencyKey }, {
        tenantId: this.tenantId,
        code: input.idempotencyKey,
        customerId: customer.id,
        title: input.title,
        discountCents: input.discountCents,
        minSpendCents: input.minSpendCents,
        expiresAt: new Date(this.now().getTime() + input.validDays * DAY_MS),
        status: 'available',
    });
    return view(coupon);
  }

  async listPromotions(at: Date): Promise<PromotionView[]> {
    const promotions = await Promotion.findAll({ where: { tenantId: this.tenantId, startsAt: { [Op.lte]: at }, endsAt: { [Op.gt]: at } }, order: [['endsAt', 'ASC']] });
    return promotions.map((p) => ({ title: p.title, description: p.description, endsAt: p.endsAt }));
  }
}

function view(coupon: Coupon): CouponView {
  return { code: coupon.code, title: coupon.title, discountCents: coupon.discountCents, minSpendCents: coupon.minSpendCents, expiresAt: coupon.expiresAt };
}
