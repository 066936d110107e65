import { Engine, type RuleProperties } from 'json-rules-engine';
import type { RefundDecision, RefundFacts } from './refund-facts';
import type { RefundRule } from './rule-set-schema';

/** When no rule matches, a person decides: never approve or decline by accident. */
export const NO_RULE_MATCHED: RefundDecision = { outcome: 'review', ruleId: 'no-rule-matched', reason: 'no refund rule matched these facts' };

const STRICTNESS: Record<RefundDecision['outcome'], number> = { decline: 3, review: 2, approve: 1 };

interface RuleEventParams {
  ruleId: string;
  priority: number;
  reason: string;
  policyText?: string;
}

/** Merchant rules → json-rules-engine rules. Throws (with the library's message) on a structure it rejects. */
export function buildEngine(rules: RefundRule[]): Engine {
  // allowUndefinedFacts false: a fact missing at run time is a bug in the caller, not "false".
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const rule of rules) {
    const params: RuleEventParams = { ruleId: rule.id, priority: rule.priority, reason: rule.reason, policyText: rule.policyText };
    const properties: RuleProperties = {
      name: rule.id,
      priority: rule.priority,
      conditions: rule.conditions as RuleProperties['conditions'],
      event: { type: rule.outcome, params: params as unknown as Record<string, unknown> },
    };
    engine.addRule(properties);
  }
  return engine;
}

/** Runs every rule; the matching rule with the highest priority decides, the stricter outcome on a tie. */
export async function runRules(engine: Engine, facts: RefundFacts): Promise<RefundDecision> {
  const { events } = await engine.run({ ...facts });
  let best: { outcome: RefundDecision['outcome']; params: RuleEventParams } | undefined;
  for (const event of events) {
    const outcome = event.type as RefundDecision['outcome'];
    const params = event.params as unknown as RuleEventParams;
    if (!best || params.priority > best.params.priority || (params.priority === best.params.priority && STRICTNESS[outcome] > STRICTNESS[best.outcome])) {
      best = { outcome, params };
    }
  }
  if (!best) return NO_RULE_MATCHED;
  const decision: RefundDecision = { outcome: best.outcome, ruleId: best.params.ruleId, reason: best.params.reason };
  if (best.params.policyText) decision.policyText = best.params.policyText;
  return decision;
}
