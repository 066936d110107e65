import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError } from '@kefu/shared';
import { authenticate } from '../auth/authenticate';
import { requireRole } from '../auth/require-role';
import { atLeast } from '../auth/role-order';
import type { KefuState } from '../http-kit/koa-state';
import { auditActor, principalOf } from '../http-kit/console-principal';
import { parseInput } from '../http-kit/validate';
import type { Runtime } from '../runtime';
import { customerProfile, customerTimeline } from './customer-timeline';
import { mergeCustomers, unmergeCustomers } from './merge-customers';
import { suggestMerges } from './merge-suggestions';
import { CustomerMerge, movedCounts } from './models';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const timelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  messagesPerConversation: z.coerce.number().int().min(0).max(50).default(5),
});
const mergeBody = z.strictObject({
  /** The customer that disappears into the one in the path. */
  sourceCustomerId: z.number().int().positive(),
  reason: z.string().trim().min(1).max(500),
});
const unmergeBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

/**
 * Customer profiles, the cross-channel timeline, merge suggestions, and merge/unmerge under
 * /api/console. Reading is for every console role; merging and unmerging need agent or above and
 * are audited. Another tenant's ids answer 404 like missing ones.
 */
export function createCustomerConsoleRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/console' });
  const auth = authenticate(runtime);
  const canRead = requireRole(...atLeast('viewer'));
  const canMerge = requireRole(...atLeast('agent'));

  router.get('/customers/:id', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    const profile = await customerProfile(tenantId, id, runtime.cipher);
    if (!profile) throw new NotFoundError(`customer ${id} not found`);
    ctx.body = { customer: profile };
  });

  router.get('/customers/:id/timeline', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    const query = parseInput(timelineQuery, ctx.query, 'query');
    const profile = await customerProfile(tenantId, id, runtime.cipher);
    if (!profile) throw new NotFoundError(`customer ${id} not found`);
    // A merged-away customer's history now lives with the one it was merged into.
    const ownerId = profile.mergedIntoId ?? id;
    ctx.body = { customerId: ownerId, requestedCustomerId: id, conversations: await customerTimeline(tenantId, ownerId, query) };
  });

  router.get('/customers/:id/merge-suggestions', auth, canMerge, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    if (!(await customerProfile(tenantId, id, runtime.cipher))) throw new NotFoundError(`customer ${id} not found`);
    ctx.body = { suggestions: await suggestMerges(tenantId, id) };
  });

  router.post('/customers/:id/merge', auth, canMerge, async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    const body = parseInput(mergeBody, ctx.request.body, 'body');
    const { actorType, actorId } = auditActor(principal);
    const merge = await mergeCustomers(runtime.db.sequelize, runtime.audit, { tenantId: principal.tenantId, sourceCustomerId: body.sourceCustomerId, targetCustomerId: id, reason: body.reason, actor: { actorType, actorId } });
    ctx.status = 201;
    ctx.body = { merge: mergeView(merge) };
  });

  router.post('/customer-merges/:id/unmerge', auth, canMerge, async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    const body = parseInput(unmergeBody, ctx.request.body, 'body');
    const { actorType, actorId } = auditActor(principal);
    const result = await unmergeCustomers(runtime.db.sequelize, runtime.audit, { tenantId: principal.tenantId, mergeId: id, reason: body.reason, actor: { actorType, actorId } });
    ctx.body = { merge: mergeView(result.merge), keptChangedFields: result.keptChangedFields };
  });

  return router;
}

function mergeView(merge: CustomerMerge) {
  return {
    id: merge.id,
    sourceCustomerId: merge.sourceCustomerId,
    targetCustomerId: merge.targetCustomerId,
    status: merge.status,
    reason: merge.reason,
    conflicts: merge.conflicts.map((conflict) => ({ field: conflict.field, kept: conflict.kept })),
    moved: movedCounts(merge.moved),
  };
}
