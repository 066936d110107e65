import { Op } from 'sequelize';
import { findOrCreateRow } from '../commerce/find-or-create-row';
import { OrderProofCounter, type ProofScope } from './models';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Failed proofs allowed per subject within `windowMs`: the first `free` cost nothing, each later one
 * doubles a wait before the next try (from `backoffMs`), and the `max`-th locks the subject for
 * `lockMs`. An order number gets 5 tries a day whoever guesses: four digits are 1 in 10 000, so an
 * attacker keeps a 0.05 % chance per order per day however many sessions or devices they use. A
 * device (channel identity) and a customer get the same budget across all orders, so one visitor
 * cannot spray many orders. An IP is shared by many shoppers behind carrier NAT, so it gets more
 * tries and a shorter lock: it only stops one address spraying across fresh sessions.
 */
export const PROOF_LIMITS: Record<ProofScope, { free: number; max: number; windowMs: number; backoffMs: number; lockMs: number }> = {
  order: { free: 2, max: 5, windowMs: 24 * HOUR_MS, backoffMs: MINUTE_MS, lockMs: 24 * HOUR_MS },
  identity: { free: 2, max: 5, windowMs: 24 * HOUR_MS, backoffMs: MINUTE_MS, lockMs: 24 * HOUR_MS },
  customer: { free: 2, max: 5, windowMs: 24 * HOUR_MS, backoffMs: MINUTE_MS, lockMs: 24 * HOUR_MS },
  ip: { free: 10, max: 20, windowMs: 24 * HOUR_MS, backoffMs: MINUTE_MS, lockMs: 6 * HOUR_MS },
};

/** One subject of a proof attempt, e.g. `{ scope: 'order', subject: 'E20261124005' }`. */
export interface ProofSubject {
  scope: ProofScope;
  subject: string;
}

/** A subject that just reached its lock (the caller alerts the merchant once per lock). */
export interface NewLock extends ProofSubject {
  failures: number;
  lockedUntil: Date;
}

/** True while any subject is locked or waiting out its backoff: the attempt is refused and not counted. */
export async function isProofBlocked(tenantId: number, subjects: ProofSubject[], now = new Date()): Promise<boolean> {
  const blocked = await OrderProofCounter.count({
    where: {
      tenantId,
      [Op.or]: subjects.map(({ scope, subject }) => ({ scope, subject })),
      [Op.and]: [{ [Op.or]: [{ lockedUntil: { [Op.gt]: now } }, { nextAttemptAt: { [Op.gt]: now } }] }],
    },
  });
  return blocked > 0;
}

/**
 * Counts one failed proof against every subject. The increment is one UPDATE (`failures + 1`, or a
 * fresh window when the old one ran out), so concurrent workers never lose a count; exactly one of
 * them sees the count that reaches the lock, which is where the alert comes from.
 */
export async function countProofFailure(tenantId: number, subjects: ProofSubject[], now = new Date()): Promise<NewLock[]> {
  const locks: NewLock[] = [];
  for (const { scope, subject } of subjects) {
    const limit = PROOF_LIMITS[scope];
    const row = await findOrCreateRow(OrderProofCounter, { tenantId, scope, subject }, { tenantId, scope, subject, failures: 0, windowStartedAt: now, nextAttemptAt: null, lockedUntil: null });
    const sequelize = OrderProofCounter.sequelize!;
    const stale = `window_started_at < ${sequelize.escape(new Date(now.getTime() - limit.windowMs))}`;
    // `failures` first: MySQL evaluates SET left to right with already-updated values.
    await OrderProofCounter.update(
      {
        failures: sequelize.literal(`CASE WHEN ${stale} THEN 1 ELSE failures + 1 END`) as unknown as number,
        windowStartedAt: sequelize.literal(`CASE WHEN ${stale} THEN ${sequelize.escape(now)} ELSE window_started_at END`) as unknown as Date,
      },
      { where: { tenantId, id: row.id } },
    );
    const counted = await OrderProofCounter.findOne({ where: { tenantId, id: row.id } });
    const failures = counted?.failures ?? 1;
    if (failures >= limit.max) {
      const lockedUntil = new Date(now.getTime() + limit.lockMs);
      await OrderProofCounter.update({ lockedUntil, nextAttemptAt: null }, { where: { tenantId, id: row.id } });
      if (failures === limit.max) locks.push({ scope, subject, failures, lockedUntil });
    } else if (failures > limit.free) {
      const wait = limit.backoffMs * 2 ** (failures - limit.free - 1);
      await OrderProofCounter.update({ nextAttemptAt: new Date(now.getTime() + wait) }, { where: { tenantId, id: row.id } });
    }
  }
  return locks;
}
