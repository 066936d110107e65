/**
 * Public entry point of the refund rules engine. The dialogue skills call evaluateRefundRequest;
 * everything else in this folder is an implementation detail.
 */
import { RefundDecisionRecord } from './models';
import { loadActiveRuleSet } from './rule-set-store';
import type { RefundDecision, RefundFacts } from './refund-facts';
import { buildEngine, runRules } from './run-rules';

export type { RefundDecision, RefundFacts } from './refund-facts';

/**
 * Decides a refund request under the tenant's rule set in force and records the decision with
 * the rule that fired, the rule-set version and the facts it saw.
 */
export async function evaluateRefundRequest(tenantId: number, facts: RefundFacts): Promise<RefundDecision> {
  const ruleSet = await loadActiveRuleSet(tenantId);
  const decision = await runRules(buildEngine(ruleSet.rules), facts);
  await RefundDecisionRecord.create({
    tenantId,
    orderId: facts.orderId > 0 ? facts.orderId : null,
    outcome: decision.outcome,
    ruleId: decision.ruleId,
    reason: decision.reason.slice(0, 500),
    ruleSetVersion: ruleSet.version,
    facts: { ...facts },
  });
  return decision;
}

/** The same decision without recording it: the console's "try this rule set" preview. */
export async function previewRefundDecision(tenantId: number, facts: RefundFacts): Promise<RefundDecision & { ruleSetVersion: number }> {
  const ruleSet = await loadActiveRuleSet(tenantId);
  return { ...(await runRules(buildEngine(ruleSet.rules), facts)), ruleSetVersion: ruleSet.version };
}
