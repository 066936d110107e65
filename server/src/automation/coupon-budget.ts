import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import { ProactiveSend, type ProactiveKind } from './models';

/** First instant of `now`'s calendar month in UTC: budgets reset there. */
function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** Coupon cents of this kind already committed this month (sent, or claimed and being sent). */
export async function couponSpendThisMonth(tenantId: number, kind: ProactiveKind, now: Date): Promise<number> {
  const spent = await ProactiveSend.sum('couponCents', {
    where: { tenantId, kind, status: { [Op.in]: ['sent', 'sending'] }, sentAt: { [Op.gte]: monthStart(now) } },
  });
  return Number(spent) || 0;
}

/** A code derived from the trigger, so a resumed send repeats the same code instead of minting a second coupon. */
export function couponCodeFor(tenantId: number, triggerKey: string): string {
  return `KF${createHash('sha256').update(`${tenantId}:${triggerKey}`).digest('hex').slice(0, 10).toUpperCase()}`;
}

export async function sentOfKindSince(tenantId: number, customerId: number, kind: ProactiveKind, since: Date): Promise<number> {
  return ProactiveSend.count({ where: { tenantId, customerId, kind, status: { [Op.in]: ['sent', 'sending'] }, sentAt: { [Op.gte]: since } } });
}
