import { createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { Op } from 'sequelize';
import { OrderProofCode } from './models';

const MINUTE_MS = 60 * 1000;
/** A code lives five minutes and takes three tries: a guess succeeds at most 3 in 10^6 per code. */
export const CODE_TTL_MS = 5 * MINUTE_MS;
export const MAX_CODE_TRIES = 3;
/** One code per phone a minute and five a day: the shop pays per SMS and the owner's phone is not a pager. */
export const RESEND_COOLDOWN_MS = MINUTE_MS;
export const DAILY_CODES_PER_PHONE = 5;
/** A verified code lets this conversation write to this order for half an hour. */
export const WRITE_PROOF_TTL_MS = 30 * MINUTE_MS;

export interface CodeTarget {
  tenantId: number;
  conversationId: number;
  orderNo: string;
}

export type IssuedCode = { issued: true; id: number; code: string } | { issued: false; reason: 'cooldown' | 'daily_cap' };

/**
 * A fresh six-digit code (crypto random) for this conversation and order, unless the phone had one
 * within the cooldown or reached its daily cap. Only HMACs keyed from the encryption key are stored,
 * so a copy of the database reveals neither the code nor the phone. The row is written first and the
 * limits are checked against the rows before it (lower ids), so of two requests racing for one phone
 * exactly the earlier one sends.
 */
export async function issueProofCode(key: Buffer, target: CodeTarget, phone: string, now = new Date()): Promise<IssuedCode> {
  const phoneHash = keyedHash(key, 'phone', `${target.tenantId}:${phone}`);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const salt = randomBytes(16).toString('hex');
  const row = await OrderProofCode.create({
    ...target,
    phoneHash,
    salt,
    codeHash: keyedHash(key, 'code', `${salt}:${code}`),
    expiresAt: new Date(now.getTime() + CODE_TTL_MS),
    verifiedAt: null,
    createdAt: now,
  });
  const earlier = await OrderProofCode.findAll({
    where: { tenantId: target.tenantId, phoneHash, id: { [Op.lt]: row.id }, createdAt: { [Op.gt]: new Date(now.getTime() - 24 * 60 * MINUTE_MS) } },
    attributes: ['id', 'createdAt'],
  });
  const refused = earlier.some((r) => r.createdAt.getTime() > now.getTime() - RESEND_COOLDOWN_MS) ? 'cooldown' : earlier.length >= DAILY_CODES_PER_PHONE ? 'daily_cap' : null;
  if (!refused) return { issued: true, id: row.id, code };
  await discardProofCode(target.tenantId, row.id);
  return { issued: false, reason: refused };
}

/** The gateway did not take the code: forget it, so it neither counts against the phone nor verifies. */
export async function discardProofCode(tenantId: number, id: number): Promise<void> {
  await OrderProofCode.destroy({ where: { tenantId, id } });
}

export type CodeCheck = { verified: true } | { verified: false; triesLeft: number };

/**
 * Checks the shopper's answer against the conversation's latest code for the order. The try is
 * counted before comparing, with a guard in the UPDATE, so parallel answers cannot exceed the limit.
 * An expired, used-up or missing code reports no tries left.
 */
export async function checkProofCode(key: Buffer, target: CodeTarget, answer: string, now = new Date()): Promise<CodeCheck> {
  const row = await OrderProofCode.findOne({ where: { ...target, verifiedAt: null }, order: [['id', 'DESC']] });
  if (!row || row.expiresAt.getTime() <= now.getTime() || row.attempts >= MAX_CODE_TRIES) return { verified: false, triesLeft: 0 };
  const [counted] = await OrderProofCode.update(
    { attempts: OrderProofCode.sequelize!.literal('attempts + 1') as unknown as number },
    { where: { tenantId: target.tenantId, id: row.id, attempts: { [Op.lt]: MAX_CODE_TRIES } } },
  );
  if (counted === 0) return { verified: false, triesLeft: 0 };
  const expected = Buffer.from(row.codeHash, 'hex');
  const given = Buffer.from(keyedHash(key, 'code', `${row.salt}:${answer}`), 'hex');
  if (expected.length === given.length && timingSafeEqual(expected, given)) {
    const [won] = await OrderProofCode.update({ verifiedAt: now }, { where: { tenantId: target.tenantId, id: row.id, verifiedAt: null } });
    if (won > 0) return { verified: true };
  }
  return { verified: false, triesLeft: Math.max(0, MAX_CODE_TRIES - row.attempts - 1) };
}

/** True when this conversation verified a code for the order within WRITE_PROOF_TTL_MS. */
export async function hasVerifiedCode(target: CodeTarget, now = new Date()): Promise<boolean> {
  const row = await OrderProofCode.findOne({ where: { ...target, verifiedAt: { [Op.gt]: new Date(now.getTime() - WRITE_PROOF_TTL_MS) } }, attributes: ['id'] });
  return row !== null;
}

/** HMAC under a key derived for one purpose, so the codes' and phones' hashes never share a key with encryption. */
function keyedHash(key: Buffer, purpose: 'code' | 'phone', text: string): string {
  const derived = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `kefu-order-proof-${purpose}`, 32));
  return createHmac('sha256', derived).update(text).digest('hex');
}
