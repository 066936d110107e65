import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import { ProactiveSend, type ProactiveKind } from './models';
import { monthStartIn } from './month-start';

/**
 * Coupon cents of this kind already committed this month (sent, or claimed and being sent). The
 * month is the merchant's (their `timeZone`), so the budget resets when their calendar turns.
 */
export async function couponSpendThisMonth(tenantId: number, kind: ProactiveKind, now: Date, timeZone: string): Promise<number> {
  const spent = await ProactiveSend.sum('couponCents', {
    where: { tenantId, kind, status: { [Op.in]: ['sent', 'sending'] }, sentAt: { [Op.gte]: monthStartIn(now, timeZone) } },
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
