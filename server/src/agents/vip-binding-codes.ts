import { randomInt } from 'node:crypto';
import { Op, UniqueConstraintError, type Sequelize } from 'sequelize';
import type { AuditLog } from '../auth/audit-log';
import { ChannelIdentity, Customer } from '../customers/models';
import { VipBindingCode } from './models';

/** Codes live a day: long enough to add the VIP WeChat and send it, short enough to be useless if leaked later. */
export const BINDING_CODE_TTL_MS = 24 * 3600 * 1000;
/** A fresh six-digit code for a customer of this tenant (unique among the tenant's codes). */
export async function issueBindingCode(tenantId: number, customerId: number, issuedByUserId: number | null, now = new Date()): Promise<VipBindingCode> {
  const customer = await Customer.findOne({ where: { tenantId, id: customerId } });
  if (!customer) throw new Error(`customer ${customerId} not found`);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    try {
      return await VipBindingCode.create({ tenantId, customerId, code, expiresAt: new Date(now.getTime() + BINDING_CODE_TTL_MS), issuedByUserId });
    } catch (error) {
      if (!(error instanceof UniqueConstraintError)) throw error;
      // An old code holds these digits: expired codes give their digits back, live ones make us draw again.
      await VipBindingCode.destroy({ where: { tenantId, code, [Op.or]: [{ expiresAt: { [Op.lt]: now } }, { usedAt: { [Op.ne]: null } }] } });
    }
  }
  throw new Error('could not draw a free binding code');
}

export type RedeemResult = { linked: true; customerId: number } | { linked: false; reason: 'unknown_code' | 'expired' | 'already_used' | 'too_many_attempts' };

/**
 * Links the identity that sent a code to the code's customer, in one transaction: the code is
 * consumed (a conditional update, so it works once), the identity gets the customer and the
 * verified flag, and the audit row keeps the evidence (which code, who issued it).
 */
export async function redeemBindingCode(sequelize: Sequelize, audit: AuditLog, tenantId: number, identityId: number, code: string, now = new Date()): Promise<RedeemResult> {
  return sequelize.transaction(async (transaction) => {
    const row = await VipBindingCode.findOne({ where: { tenantId, code }, transaction });
    if (!row) return { linked: false, reason: 'unknown_code' } as const;
    if (row.usedAt) return { linked: false, reason: 'already_used' } as const;
    if (row.expiresAt.getTime() < now.getTime()) return { linked: false, reason: 'expired' } as const;
    const [consumed] = await VipBindingCode.update({ usedAt: now, usedByIdentityId: identityId }, { where: { tenantId, id: row.id, usedAt: null }, transaction });
    if (consumed === 0) return { linked: false, reason: 'already_used' } as const;
    const identity = await ChannelIdentity.findOne({ where: { tenantId, id: identityId }, transaction });
    if (!identity) throw new Error(`identity ${identityId} not found`);
    const previousCustomerId = identity.customerId;
    await identity.update({ customerId: row.customerId, verified: true }, { transaction });
    await audit.record(
      { tenantId, actorType: 'shopper', actorId: identityId, action: 'customer.linked', targetType: 'channel_identity', targetId: identityId, details: { customerId: row.customerId, previousCustomerId, evidence: 'binding_code', bindingCodeId: row.id, issuedByUserId: row.issuedByUserId } },
      transaction,
    );
    return { linked: true, customerId: row.customerId } as const;
  });
}
