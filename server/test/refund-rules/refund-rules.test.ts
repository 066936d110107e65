import type { RunningKefu } from '../../src/boot';
import { Tenant } from '../../src/auth/models';
import { AuditEntry } from '../../src/auth/models';
import { evaluateRefundRequest, type RefundFacts } from '../../src/commerce/refund-rules/evaluate-refund';
import { RefundDecisionRecord } from '../../src/commerce/refund-rules/models';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';
import { ConsoleClient } from './console-client';

/** A delivered, ordinary, low-risk 199-yuan no-reason return three days in: the baseline each case varies. */
const base: RefundFacts = {
  orderId: 0,
  orderState: 'delivered',
  orderAgeDays: 3,
  amountCents: 19900,
  reason: 'no_reason',
  itemCategory: 'apparel',
  customItem: false,
  refundsLast90Days: 0,
  riskScore: 10,
  customerTier: 'gold',
};

const errorMessage = (body: Record<string, unknown>) => (body.error as { message: string }).message;

describeWithServices('refund rules engine on MariaDB', () => {
  let kefu: RunningKefu;
  let tenantId: number;
  let console_: ConsoleClient;

  beforeAll(async () => {
    kefu = await startTestKefu(await productionTestEnv('refund_rules'));
    const tenant = await Tenant.findOne({ where: { key: 'demo' } });
    tenantId = tenant!.id;
    console_ = new ConsoleClient(kefu.url);
    for (const role of ['owner', 'agent', 'viewer'] as const) await console_.login(role);
  }, 300_000);
  afterAll(async () => {
    await kefu?.stop();
  });

  describe('the default rule set (what the demo merchant uses)', () => {
    it('approves a small no-reason return inside seven days, naming the rule, and records the decision with its facts', async () => {
      const facts = { ...base, orderId: 9001 };
      const decision = await evaluateRefundRequest(tenantId, facts);
      expect(decision).toEqual({ outcome: 'approve', ruleId: 'small-refund-within-window', reason: expect.any(String) });
      const record = await RefundDecisionRecord.findOne({ where: { tenantId, orderId: 9001 } });
      expect(record).toMatchObject({ outcome: 'approve', ruleId: 'small-refund-within-window', ruleSetVersion: 0 });
      expect(record!.facts).toEqual(facts);
    });

    it('sends a large refund to review with the reason', async () => {
      const decision = await evaluateRefundRequest(tenantId, { ...base, amountCents: 399900 });
      expect(decision).toMatchObject({ outcome: 'review', ruleId: 'large-amount' });
      expect(decision.reason).toMatch(/500/);
    });

    it('sends a high-risk or frequent refunder to review even for a small amount', async () => {
      expect(await evaluateRefundRequest(tenantId, { ...base, riskScore: 85 })).toMatchObject({ outcome: 'review', ruleId: 'high-risk-score' });
      expect(await evaluateRefundRequest(tenantId, { ...base, refundsLast90Days: 4 })).toMatchObject({ outcome: 'review', ruleId: 'frequent-refunds' });
    });

    it('declines a custom item without a quality problem with the policy text, but not one with a quality problem', async () => {
      const declined = await evaluateRefundRequest(tenantId, { ...base, customItem: true });
      expect(declined).toMatchObject({ outcome: 'decline', ruleId: 'custom-item-not-returnable' });
      expect(declined.policyText).toMatch(/定制/);
      const quality = await evaluateRefundRequest(tenantId, { ...base, customItem: true, reason: 'quality_issue' });
      expect(quality.outcome).toBe('approve');
    });

    it('declines by order state and by the seven-day window, and approves a refund before shipment', async () => {
      expect(await evaluateRefundRequest(tenantId, { ...base, orderState: 'refunded' })).toMatchObject({ outcome: 'decline', ruleId: 'order-state-not-refundable' });
      expect(await evaluateRefundRequest(tenantId, { ...base, orderAgeDays: 12 })).toMatchObject({ outcome: 'decline', ruleId: 'no-reason-window-expired' });
      expect(await evaluateRefundRequest(tenantId, { ...base, orderState: 'paid', amountCents: 399900, orderAgeDays: 1 })).toMatchObject({ outcome: 'review', ruleId: 'large-amount' });
      expect(await evaluateRefundRequest(tenantId, { ...base, orderState: 'paid', orderAgeDays: 1 })).toMatchObject({ outcome: 'approve' });
    });
  });

  describe('console API', () => {
    const strictRules = [
      { id: 'no-refunds-over-100', priority: 10, conditions: { all: [{ fact: 'amountCents', operator: 'greaterThan', value: 10000 }] }, outcome: 'decline', reason: 'over 100 yuan', policyText: '单笔超过100元的退款请联系人工客服。' },
      { id: 'approve-rest', priority: 1, conditions: { any: [{ fact: 'amountCents', operator: 'lessThanInclusive', value: 10000 }] }, outcome: 'approve', reason: 'small' },
    ];

    it('lets agents read the rules with the facts and operators a rule may use', async () => {
      const response = await console_.call('GET', '/api/console/refund-rules', 'agent');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ version: 0, isDefault: true });
      expect(response.body.facts).toContain('riskScore');
      expect(response.body.operators).toContain('greaterThanInclusive');
    });

    it('rejects a rule set that does not parse or names unknown facts or operators, with the reason, and keeps the old one', async () => {
      const unknownFact = await console_.call('PUT', '/api/console/refund-rules', 'owner', { rules: [{ ...strictRules[0], conditions: { all: [{ fact: 'shoeSize', operator: 'equal', value: 42 }] } }] });
      expect(unknownFact.status).toBe(400);
      expect(errorMessage(unknownFact.body)).toMatch(/unknown fact "shoeSize"/);
      const unknownOperator = await console_.call('PUT', '/api/console/refund-rules', 'owner', { rules: [{ ...strictRules[0], conditions: { all: [{ fact: 'amountCents', operator: 'biggerThan', value: 1 }] } }] });
      expect(unknownOperator.status).toBe(400);
      expect(errorMessage(unknownOperator.body)).toMatch(/unknown operator "biggerThan"/);
      const notARuleSet = await console_.call('PUT', '/api/console/refund-rules', 'owner', { rules: 'if amount > 100 then decline' });
      expect(notARuleSet.status).toBe(400);
      const declineWithoutPolicy = await console_.call('PUT', '/api/console/refund-rules', 'owner', { rules: [{ ...strictRules[0], policyText: undefined }] });
      expect(declineWithoutPolicy.status).toBe(400);
      expect(errorMessage(declineWithoutPolicy.body)).toMatch(/policy text/);
      expect((await console_.call('GET', '/api/console/refund-rules', 'agent')).body.version).toBe(0);
    });

    it('lets only admins and owners save; a saved set is versioned, audited and decides the next request', async () => {
      expect((await console_.call('PUT', '/api/console/refund-rules', 'agent', { rules: strictRules })).status).toBe(403);
      const saved = await console_.call('PUT', '/api/console/refund-rules', 'owner', { rules: strictRules, note: 'stricter for the sale' });
      expect(saved.status).toBe(201);
      expect(saved.body.version).toBe(1);
      const audit = await AuditEntry.findOne({ where: { tenantId, action: 'refund_rules.updated' } });
      expect(audit?.targetId).toBe('1');

      const decision = await evaluateRefundRequest(tenantId, { ...base, orderId: 9002, amountCents: 15000 });
      expect(decision).toEqual({ outcome: 'decline', ruleId: 'no-refunds-over-100', reason: 'over 100 yuan', policyText: '单笔超过100元的退款请联系人工客服。' });
      const listed = await console_.call('GET', '/api/console/refund-decisions?orderId=9002', 'viewer');
      expect(listed.status).toBe(403);
      const decisions = await console_.call('GET', '/api/console/refund-decisions?orderId=9002', 'agent');
      expect(decisions.body.decisions).toEqual([expect.objectContaining({ ruleId: 'no-refunds-over-100', ruleSetVersion: 1, outcome: 'decline' })]);

      const preview = await console_.call('POST', '/api/console/refund-rules/preview', 'agent', { ...base, amountCents: 500 });
      expect(preview.body).toMatchObject({ outcome: 'approve', ruleId: 'approve-rest', ruleSetVersion: 1 });
      expect((await console_.call('POST', '/api/console/refund-rules/preview', 'agent', { ...base, amountCents: 'lots' })).status).toBe(400);
    });

    it('falls back to human review when no saved rule matches', async () => {
      const onlyCustom = [{ id: 'custom-only', priority: 5, conditions: { all: [{ fact: 'customItem', operator: 'equal', value: true }] }, outcome: 'decline', reason: 'custom', policyText: '定制商品不退。' }];
      expect((await console_.call('PUT', '/api/console/refund-rules', 'owner', { rules: onlyCustom })).status).toBe(201);
      expect(await evaluateRefundRequest(tenantId, base)).toMatchObject({ outcome: 'review', ruleId: 'no-rule-matched' });
      const versions = await console_.call('GET', '/api/console/refund-rules/versions', 'agent');
      expect((versions.body.versions as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
    });
  });
});
