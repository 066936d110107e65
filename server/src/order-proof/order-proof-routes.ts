import Router from '@koa/router';
import { NotFoundError } from '@kefu/shared';
import { Op } from 'sequelize';
import { z } from 'zod';
import { authenticate } from '../auth/authenticate';
import { requireRole } from '../auth/require-role';
import { atLeast } from '../auth/role-order';
import { auditActor, principalOf } from '../http-kit/console-principal';
import type { KefuState } from '../http-kit/koa-state';
import { parseInput } from '../http-kit/validate';
import type { Runtime } from '../runtime';
import { orderProofSubject } from './attempt-limits';
import { OrderProofCounter } from './models';

const orderParams = z.object({ orderNo: z.string().min(1).max(64) });

/**
 * Console: the orders whose anonymous ownership proof is locked (agents see them, e.g. to tell a
 * caller why), and an admin's unlock: anyone can lock an order by guessing, so the merchant can undo
 * it once they know the shopper. Only order locks are listed; device, customer and IP locks expire.
 */
export function createOrderProofRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/console/order-proof/locks' });
  const auth = authenticate(runtime);

  router.get('/', auth, requireRole(...atLeast('agent')), async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const rows = await OrderProofCounter.findAll({ where: { tenantId, scope: 'order', lockedUntil: { [Op.gt]: new Date() } }, order: [['lockedUntil', 'DESC']], limit: 200 });
    ctx.body = { locks: rows.map((r) => ({ orderNo: r.subject, failures: r.failures, lockedUntil: r.lockedUntil!.toISOString() })) };
  });

  router.delete('/:orderNo', auth, requireRole(...atLeast('admin')), async (ctx) => {
    const principal = principalOf(ctx);
    const { orderNo } = parseInput(orderParams, ctx.params, 'params');
    const subject = orderProofSubject(orderNo);
    const removed = await OrderProofCounter.destroy({ where: { tenantId: principal.tenantId, scope: 'order', subject, lockedUntil: { [Op.gt]: new Date() } } });
    if (removed === 0) throw new NotFoundError(`order ${subject} has no ownership-proof lock`);
    await runtime.audit.record({ ...auditActor(principal), action: 'order.ownership_proof_unlocked', targetType: 'order', targetId: subject });
    ctx.status = 204;
  });

  return router;
}
