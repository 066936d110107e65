import { Customer } from '../../../customers/models';
import { CrmProfile } from '../../action-models';
import { Order } from '../../models';
import type { CrmConnector, CrmFacts } from '../connector-types';

const PAID_STATES = ['paid', 'shipped', 'delivered', 'completed'];

/** Tier from the customer record, lifetime value from paid orders, tags/notes/risk from crm_profiles. */
export class BuiltinCrm implements CrmConnector {
  constructor(private readonly tenantId: number) {}

  async profile(customerRef: string): Promise<CrmFacts | null> {
    const customer = await Customer.findOne({ where: { tenantId: this.tenantId, externalRef: customerRef } });
    if (!customer) return null;
    const [profile, lifetimeValueCents] = await Promise.all([
      CrmProfile.findOne({ where: { tenantId: this.tenantId, customerId: customer.id } }),
      Order.sum('totalCents', { where: { tenantId: this.tenantId, customerId: customer.id, status: PAID_STATES } }),
    ]);
    return {
      tier: customer.memberLevel ?? 'normal',
      lifetimeValueCents: Number(lifetimeValueCents) || 0,
      tags: profile?.tags ?? [],
      notes: profile?.notes ?? null,
      riskScore: profile?.riskScore ?? 0,
    };
  }
}
