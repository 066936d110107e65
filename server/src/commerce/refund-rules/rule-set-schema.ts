import { z } from 'zod';

/** The facts a refund rule may test: exactly the fields of RefundFacts (refund-facts.ts). */
export const REFUND_FACT_NAMES = [
  'orderId',
  'orderState',
  'orderAgeDays',
  'amountCents',
  'reason',
  'itemCategory',
  'customItem',
  'refundsLast90Days',
  'riskScore',
  'customerTier',
] as const;

/** json-rules-engine's built-in operators. Decorated operators (everyFact:…) are not offered to merchants. */
export const REFUND_OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
] as const;

const scalar = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);

export interface LeafCondition {
  fact: string;
  operator: string;
  value: string | number | boolean | null | (string | number | boolean | null)[];
}
export type Condition = LeafCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };

/**
 * Fact and operator names are plain strings here on purpose: an unknown name must come back as
 * "unknown fact X" from checkNames(), a clearer reason than a zod enum failure.
 */
const leafSchema = z.strictObject({
  fact: z.string().min(1).max(64),
  operator: z.string().min(1).max(64),
  value: z.union([scalar, z.array(scalar).max(100)]),
});
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    leafSchema,
    z.strictObject({ all: z.array(conditionSchema).min(1).max(50) }),
    z.strictObject({ any: z.array(conditionSchema).min(1).max(50) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);
/** The top level must be a boolean group, as json-rules-engine requires. */
const topLevelSchema = z.union([
  z.strictObject({ all: z.array(conditionSchema).min(1).max(50) }),
  z.strictObject({ any: z.array(conditionSchema).min(1).max(50) }),
  z.strictObject({ not: conditionSchema }),
]);

export const refundRuleSchema = z.strictObject({
  id: z.string().trim().regex(/^[\w.-]+$/, 'letters, digits, "_", "-" and "." only').min(1).max(64),
  /** Higher runs first; when several rules match, the highest priority decides (ties: the stricter outcome). */
  priority: z.number().int().min(1).max(1000),
  conditions: topLevelSchema,
  outcome: z.enum(['approve', 'review', 'decline']),
  /** Why, for the agent and the decision record. */
  reason: z.string().trim().min(1).max(300),
  /** What the shopper is told on a decline: the merchant's policy in their words. */
  policyText: z.string().trim().min(1).max(1000).optional(),
});
export type RefundRule = z.infer<typeof refundRuleSchema>;

export const refundRuleSetSchema = z
  .array(refundRuleSchema)
  .min(1)
  .max(200)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate rule id "${rule.id}"` });
      seen.add(rule.id);
      if (rule.outcome === 'decline' && !rule.policyText) ctx.addIssue({ code: 'custom', path: [index, 'policyText'], message: 'a decline rule needs the policy text shown to the shopper' });
      for (const problem of checkNames(rule.conditions)) ctx.addIssue({ code: 'custom', path: [index, 'conditions'], message: problem });
    });
  });

/** Every unknown fact or operator in a condition tree, as readable problems. */
export function checkNames(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(checkNames);
  if ('any' in condition) return condition.any.flatMap(checkNames);
  if ('not' in condition) return checkNames(condition.not);
  const problems: string[] = [];
  if (!(REFUND_FACT_NAMES as readonly string[]).includes(condition.fact)) problems.push(`unknown fact "${condition.fact}" (known: ${REFUND_FACT_NAMES.join(', ')})`);
  if (!(REFUND_OPERATORS as readonly string[]).includes(condition.operator)) problems.push(`unknown operator "${condition.operator}" (known: ${REFUND_OPERATORS.join(', ')})`);
  if ((condition.operator === 'in' || condition.operator === 'notIn') && !Array.isArray(condition.value)) problems.push(`operator "${condition.operator}" on fact "${condition.fact}" needs a list value`);
  return problems;
}
