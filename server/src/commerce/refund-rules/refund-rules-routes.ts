import Router from '@koa/router';
import { z } from 'zod';
import { authenticate } from '../../auth/authenticate';
import { requireRole } from '../../auth/require-role';
import { atLeast } from '../../auth/role-order';
import { auditActor, principalOf } from '../../http-kit/console-principal';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';
import type { Runtime } from '../../runtime';
import { previewRefundDecision } from './evaluate-refund';
import { RefundDecisionRecord } from './models';
import { listRuleSetVersions, loadActiveRuleSet, saveRuleSet, validateRuleSet } from './rule-set-store';
import { REFUND_FACT_NAMES, REFUND_OPERATORS } from './rule-set-schema';

/** The rules themselves are checked by validateRuleSet, which names unknown facts and operators. */
const putBody = z.strictObject({ rules: z.unknown(), note: z.string().trim().max(500).optional() });
const factsSchema = z.strictObject({
  orderId: z.number().int().min(0),
  orderState: z.string().min(1).max(32),
  orderAgeDays: z.number().min(0),
  amountCents: z.number().int().min(0),
  reason: z.string().min(1).max(64),
  itemCategory: z.string().max(64),
  customItem: z.boolean(),
  refundsLast90Days: z.number().int().min(0),
  riskScore: z.number().min(0).max(100),
  customerTier: z.string().max(32),
});
const decisionsQuery = z.object({
  orderId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * /api/console/refund-rules: read (agents and up), replace (admins and owners, audited) and try
 * the tenant's refund rules; /api/console/refund-decisions lists what the engine decided and why.
 */
export function createRefundRulesRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/console' });
  const auth = authenticate(runtime);
  const canRead = requireRole(...atLeast('agent'));
  const canEdit = requireRole(...atLeast('admin'));

  router.get('/refund-rules', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const active = await loadActiveRuleSet(tenantId);
    ctx.body = { ...active, facts: REFUND_FACT_NAMES, operators: REFUND_OPERATORS };
  });

  router.get('/refund-rules/versions', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const versions = await listRuleSetVersions(tenantId);
    ctx.body = { versions: versions.map((v) => ({ version: v.version, note: v.note, createdBy: v.createdBy, createdAt: v.createdAt, ruleCount: v.rules.length })) };
  });

  router.put('/refund-rules', auth, canEdit, async (ctx) => {
    const principal = principalOf(ctx);
    const body = parseInput(putBody, ctx.request.body, 'body');
    const rules = await validateRuleSet(body.rules);
    const saved = await runtime.db.sequelize.transaction(async (transaction) => {
      const row = await saveRuleSet(principal.tenantId, rules, { note: body.note, createdBy: `${principal.kind}:${principal.id}` }, transaction);
      await runtime.audit.record(
        { ...auditActor(principal), action: 'refund_rules.updated', targetType: 'refund_rule_set', targetId: row.version, details: { ruleIds: rules.map((r) => r.id), note: body.note ?? null } },
        transaction,
      );
      return row;
    });
    ctx.status = 201;
    ctx.body = { version: saved.version, rules: saved.rules };
  });

  router.post('/refund-rules/preview', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const facts = parseInput(factsSchema, ctx.request.body, 'body');
    ctx.body = await previewRefundDecision(tenantId, facts);
  });

  router.get('/refund-decisions', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const query = parseInput(decisionsQuery, ctx.query, 'query');
    const where: Record<string, unknown> = { tenantId };
    if (query.orderId) where.orderId = query.orderId;
    const rows = await RefundDecisionRecord.findAll({ where, order: [['id', 'DESC']], limit: query.limit });
    ctx.body = {
      decisions: rows.map((r) => ({ id: r.id, orderId: r.orderId, outcome: r.outcome, ruleId: r.ruleId, reason: r.reason, ruleSetVersion: r.ruleSetVersion, facts: r.facts, createdAt: r.createdAt })),
    };
  });
  return router;
}
