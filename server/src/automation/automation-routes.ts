import Router from '@koa/router';
import { NotFoundError } from '@kefu/shared';
import { z } from 'zod';
import { authenticate } from '../auth/authenticate';
import { requireRole } from '../auth/require-role';
import { atLeast } from '../auth/role-order';
import { Customer } from '../customers/models';
import type { KefuState } from '../http-kit/koa-state';
import { auditActor, principalOf } from '../http-kit/console-principal';
import { parseInput } from '../http-kit/validate';
import type { Runtime } from '../runtime';
import { AgentTask, ProactiveOptOut, ProactiveSend } from './models';
import { setOptOut } from './opt-out';
import { AUTOMATION_SCAN_JOB_KIND } from './scan-job';
import { automationSettingsSchema } from './settings-schema';
import { loadAutomationSettings, saveAutomationSettings } from './settings-service';

const customerParams = z.object({ customerId: z.coerce.number().int().positive() });
const optOutBody = z.strictObject({ optedOut: z.boolean() });
const sendsQuery = z.object({
  kind: z.enum(['logistics', 'unpaid', 'cart', 'high_value']).optional(),
  status: z.enum(['sending', 'sent', 'deferred']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const tasksQuery = z.object({ status: z.enum(['open', 'done']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
const taskParams = z.object({ id: z.coerce.number().int().positive() });
const taskBody = z.strictObject({ status: z.enum(['open', 'done']) });

/**
 * /api/console/automation: the proactive service's settings (admins and owners change them, audited),
 * shopper opt-outs (agents may set them, audited), what was sent or deferred and why, the tasks
 * left for agents, and "scan now". Every query is scoped to the caller's tenant.
 */
export function createAutomationRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/console/automation' });
  const auth = authenticate(runtime);
  const canRead = requireRole(...atLeast('agent'));
  const canAdmin = requireRole(...atLeast('admin'));

  router.get('/settings', auth, canRead, async (ctx) => {
    ctx.body = { settings: await loadAutomationSettings(principalOf(ctx).tenantId) };
  });

  router.put('/settings', auth, canAdmin, async (ctx) => {
    const principal = principalOf(ctx);
    const settings = parseInput(automationSettingsSchema, ctx.request.body, 'body');
    await runtime.db.sequelize.transaction(async (transaction) => {
      await saveAutomationSettings(principal.tenantId, settings, transaction);
      await runtime.audit.record({ ...auditActor(principal), action: 'automation.settings_updated', targetType: 'automation_settings', details: { settings } }, transaction);
    });
    ctx.body = { settings };
  });

  router.put('/opt-outs/:customerId', auth, canRead, async (ctx) => {
    const principal = principalOf(ctx);
    const { customerId } = parseInput(customerParams, ctx.params, 'params');
    const { optedOut } = parseInput(optOutBody, ctx.request.body, 'body');
    const customer = await Customer.findOne({ where: { tenantId: principal.tenantId, id: customerId } });
    if (!customer) throw new NotFoundError(`no customer ${customerId}`);
    await setOptOut(principal.tenantId, customerId, optedOut, 'console', runtime.audit, { actorType: principal.kind, actorId: principal.id });
    const row = await ProactiveOptOut.findOne({ where: { tenantId: principal.tenantId, customerId } });
    ctx.body = { customerId, optedOut: Boolean(row), source: row?.source ?? null };
  });

  router.get('/sends', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const query = parseInput(sendsQuery, ctx.query, 'query');
    const where: Record<string, unknown> = { tenantId };
    if (query.kind) where.kind = query.kind;
    if (query.status) where.status = query.status;
    const rows = await ProactiveSend.findAll({ where, order: [['id', 'DESC']], limit: query.limit });
    ctx.body = {
      sends: rows.map((r) => ({
        triggerKey: r.triggerKey,
        kind: r.kind,
        status: r.status,
        deferredReason: r.deferredReason,
        customerId: r.customerId,
        orderId: r.orderId,
        conversationId: r.conversationId,
        messageId: r.messageId,
        couponCode: r.couponCode,
        couponCents: r.couponCents,
        sentAt: r.sentAt,
        updatedAt: r.updatedAt,
      })),
    };
  });

  router.get('/tasks', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const query = parseInput(tasksQuery, ctx.query, 'query');
    const where: Record<string, unknown> = { tenantId };
    if (query.status) where.status = query.status;
    const rows = await AgentTask.findAll({ where, order: [['id', 'DESC']], limit: query.limit });
    ctx.body = { tasks: rows.map((t) => ({ id: t.id, kind: t.kind, status: t.status, summary: t.summary, customerId: t.customerId, orderId: t.orderId, conversationId: t.conversationId, createdAt: t.createdAt })) };
  });

  router.put('/tasks/:id', auth, canRead, async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = parseInput(taskParams, ctx.params, 'params');
    const { status } = parseInput(taskBody, ctx.request.body, 'body');
    const task = await AgentTask.findOne({ where: { tenantId: principal.tenantId, id } });
    if (!task) throw new NotFoundError(`no task ${id}`);
    await task.update({ status });
    await runtime.audit.record({ ...auditActor(principal), action: 'automation.task_updated', targetType: 'agent_task', targetId: id, details: { status } });
    ctx.body = { id, status };
  });

  /** Scan this tenant now instead of waiting for the next interval (the scan is idempotent). */
  router.post('/scan', auth, canAdmin, async (ctx) => {
    const principal = principalOf(ctx);
    const jobId = `${AUTOMATION_SCAN_JOB_KIND}:${principal.tenantId}:manual:${Date.now()}`;
    await runtime.queues.scheduled.add({ kind: AUTOMATION_SCAN_JOB_KIND, tenantId: String(principal.tenantId) }, { jobId });
    await runtime.audit.record({ ...auditActor(principal), action: 'automation.scan_requested', targetType: 'automation', details: { jobId } });
    ctx.status = 202;
    ctx.body = { jobId };
  });
  return router;
}
