import { ValidationError } from '@kefu/shared';
import type { Transaction } from 'sequelize';
import { retryOnConflict } from '../../db/retry-on-conflict';
import { DEFAULT_REFUND_RULES } from './default-rules';
import { RefundRuleSet } from './models';
import { buildEngine, runRules } from './run-rules';
import { refundRuleSetSchema, type RefundRule } from './rule-set-schema';
import type { RefundFacts } from './refund-facts';

export interface ActiveRuleSet {
  /** 0 for the built-in defaults, which no merchant has saved. */
  version: number;
  rules: RefundRule[];
  isDefault: boolean;
}

/** A representative request, run once at save time so a set that builds but fails at run time is caught then. */
const PROBE_FACTS: RefundFacts = {
  orderId: 0,
  orderState: 'delivered',
  orderAgeDays: 3,
  amountCents: 19900,
  reason: 'no_reason',
  itemCategory: 'apparel',
  customItem: false,
  refundsLast90Days: 0,
  riskScore: 10,
  customerTier: 'normal',
};

export async function loadActiveRuleSet(tenantId: number): Promise<ActiveRuleSet> {
  const latest = await RefundRuleSet.findOne({ where: { tenantId }, order: [['version', 'DESC']] });
  if (!latest) return { version: 0, rules: DEFAULT_REFUND_RULES, isDefault: true };
  return { version: latest.version, rules: latest.rules, isDefault: false };
}

export async function listRuleSetVersions(tenantId: number, limit = 50): Promise<RefundRuleSet[]> {
  return RefundRuleSet.findAll({ where: { tenantId }, order: [['version', 'DESC']], limit });
}

/**
 * Checks a candidate rule set completely: shape, known facts and operators (zod), then that
 * json-rules-engine accepts and can run it. Throws a 400 ValidationError naming the problem.
 */
export async function validateRuleSet(candidate: unknown): Promise<RefundRule[]> {
  const parsed = refundRuleSetSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({ field: ['rules', ...issue.path.map(String)].join('.'), message: issue.message }));
    throw new ValidationError(`rule set rejected: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
  }
  try {
    await runRules(buildEngine(parsed.data), PROBE_FACTS);
  } catch (error) {
    throw new ValidationError(`rule set rejected by the rules engine: ${(error as Error).message}`, [{ field: 'rules', message: (error as Error).message }]);
  }
  return parsed.data;
}

/** Saves a validated set as the next version; two concurrent saves get consecutive versions. */
export async function saveRuleSet(tenantId: number, rules: RefundRule[], meta: { note?: string; createdBy: string | null }, transaction?: Transaction): Promise<RefundRuleSet> {
  return retryOnConflict(async () => {
    const latest = await RefundRuleSet.findOne({ where: { tenantId }, order: [['version', 'DESC']], transaction });
    return RefundRuleSet.create({ tenantId, version: (latest?.version ?? 0) + 1, rules, note: meta.note ?? null, createdBy: meta.createdBy }, { transaction });
  });
}
