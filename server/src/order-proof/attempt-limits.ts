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
  // Six-digit binding codes: a tenant with many live codes makes a blind guess likelier than 1 in a
  // million, so a contact gets 5 wrong codes a day, then a day's lock.
  binding: { free: 2, max: 5, windowMs: 24 * HOUR_MS, backoffMs: MINUTE_MS, lockMs: 24 * HOUR_MS },
};

/** How an order number is counted: as typed, trimmed and upper-cased, so `e2026…` and `E2026…` share one budget. */
export function orderProofSubject(orderNo: string): string {
  return orderNo.trim().toUpperCase().slice(0, 128);
}

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
 * Counts one failed proof against every subject. Each count is a compare-and-set on the row
 * (`UPDATE … WHERE failures = <read value>`), retried when another worker got there first, so
 * concurrent misses never lose a count and exactly one of them owns the count that reaches the
 * lock, which is where the one alert comes from. Works the same on MariaDB and SQLite.
 */
export async function countProofFailure(tenantId: number, subjects: ProofSubject[], now = new Date()): Promise<NewLock[]> {
  const locks: NewLock[] = [];
  for (const { scope, subject } of subjects) {
    const limit = PROOF_LIMITS[scope];
    const failures = await incrementCounter(tenantId, scope, subject, now);
    if (failures === limit.max) locks.push({ scope, subject, failures, lockedUntil: new Date(now.getTime() + limit.lockMs) });
  }
  return locks;
}

const MAX_RACES = 20;

async function incrementCounter(tenantId: number, scope: ProofScope, subject: string, now: Date): Promise<number> {
  const limit = PROOF_LIMITS[scope];
  for (let race = 0; race < MAX_RACES; race += 1) {
    const row = await findOrCreateRow(OrderProofCounter, { tenantId, scope, subject }, { tenantId, scope, subject, failures: 0, windowStartedAt: now, nextAttemptAt: null, lockedUntil: null });
    const fresh = row.windowStartedAt.getTime() <= now.getTime() - limit.windowMs;
    const failures = fresh ? 1 : row.failures + 1;
    const [counted] = await OrderProofCounter.update(
      { failures, windowStartedAt: fresh ? now : row.windowStartedAt, ...consequence(scope, failures, now) },
      { where: { tenantId, id: row.id, failures: row.failures } },
    );
    if (counted > 0) return failures;
  }
  throw new Error(`order proof counter ${scope} kept changing under ${MAX_RACES} tries`);
}

/** The backoff or the lock that `failures` misses earn. */
function consequence(scope: ProofScope, failures: number, now: Date): Pick<OrderProofCounter, 'nextAttemptAt' | 'lockedUntil'> {
  const limit = PROOF_LIMITS[scope];
  if (failures >= limit.max) return { nextAttemptAt: null, lockedUntil: new Date(now.getTime() + limit.lockMs) };
  if (failures > limit.free) return { nextAttemptAt: new Date(now.getTime() + limit.backoffMs * 2 ** (failures - limit.free - 1)), lockedUntil: null };
  return { nextAttemptAt: null, lockedUntil: null };
}
