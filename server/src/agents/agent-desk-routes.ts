import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '@kefu/shared';
import { authenticate } from '../auth/authenticate';
import { requireRole } from '../auth/require-role';
import { atLeast } from '../auth/role-order';
import { findUser } from '../auth/users';
import { findChannelAccount } from '../channels/channel-account-service';
import { retryOnConflict } from '../db/retry-on-conflict';
import type { KefuState } from '../http-kit/koa-state';
import { auditActor, principalOf } from '../http-kit/console-principal';
import { parseInput } from '../http-kit/validate';
import type { Runtime } from '../runtime';
import { LarkAgentLink } from './models';
import { issueBindingCode } from './vip-binding-codes';
import { Customer } from '../customers/models';

const linkBody = z.strictObject({
  deskAccountId: z.number().int().positive(),
  /** The agent's open_id (ou_…) in this Lark app: shown in the app's admin console or in any event they trigger. */
  openId: z.string().trim().regex(/^ou_[\w-]+$/, 'must be a Lark open_id (ou_…)'),
  userId: z.number().int().positive(),
});
const idParams = z.object({ id: z.coerce.number().int().positive() });
const bindingBody = z.strictObject({ customerId: z.number().int().positive() });

/**
 * /api/console/agent-desk: which Lark user is which agent (admins), and VIP binding codes for the
 * WeChat personal-account service (agents). Every change is audited.
 */
export function createAgentDeskRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/console/agent-desk' });
  const auth = authenticate(runtime);
  const admins = requireRole(...atLeast('admin'));
  const agents = requireRole(...atLeast('agent'));

  router.get('/lark-links', auth, admins, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const links = await LarkAgentLink.findAll({ where: { tenantId }, order: [['id', 'ASC']] });
    ctx.body = { links: links.map((l) => ({ id: l.id, deskAccountId: l.deskAccountId, openId: l.openId, userId: l.userId })) };
  });

  router.put('/lark-links', auth, admins, async (ctx) => {
    const principal = principalOf(ctx);
    const { tenantId } = principal;
    const body = parseInput(linkBody, ctx.request.body, 'body');
    const account = await findChannelAccount(tenantId, body.deskAccountId);
    if (!account || account.platform !== 'lark') throw new ValidationError('deskAccountId is not a Lark channel account of this tenant');
    if (!(await findUser(tenantId, body.userId))) throw new ValidationError('userId is not a user of this tenant');
    const link = await retryOnConflict(async () => {
      const existing = await LarkAgentLink.findOne({ where: { tenantId, deskAccountId: body.deskAccountId, openId: body.openId } });
      if (existing) return existing.update({ userId: body.userId });
      return LarkAgentLink.create({ tenantId, deskAccountId: body.deskAccountId, openId: body.openId, userId: body.userId });
    });
    await runtime.audit.record({ ...auditActor(principal), action: 'agent_desk.lark_link_set', targetType: 'user', targetId: body.userId, details: { deskAccountId: body.deskAccountId, openId: body.openId } });
    ctx.body = { link: { id: link.id, deskAccountId: link.deskAccountId, openId: link.openId, userId: link.userId } };
  });

  router.delete('/lark-links/:id', auth, admins, async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    const link = await LarkAgentLink.findOne({ where: { tenantId: principal.tenantId, id } });
    if (!link) throw new NotFoundError(`lark link ${id} not found`);
    await link.destroy();
    await runtime.audit.record({ ...auditActor(principal), action: 'agent_desk.lark_link_removed', targetType: 'user', targetId: link.userId, details: { openId: link.openId } });
    ctx.status = 204;
  });

  router.post('/vip-binding-codes', auth, agents, async (ctx) => {
    const principal = principalOf(ctx);
    const { customerId } = parseInput(bindingBody, ctx.request.body, 'body');
    if (!(await Customer.findOne({ where: { tenantId: principal.tenantId, id: customerId } }))) throw new NotFoundError(`customer ${customerId} not found`);
    const code = await issueBindingCode(principal.tenantId, customerId, principal.kind === 'user' ? Number(principal.id) : null);
    await runtime.audit.record({ ...auditActor(principal), action: 'vip_binding_code.issued', targetType: 'customer', targetId: customerId, details: { bindingCodeId: code.id } });
    ctx.status = 201;
    ctx.body = { code: code.code, expiresAt: code.expiresAt.toISOString(), message: `请添加我们的VIP客服微信，并发送：绑定 ${code.code}` };
  });
  return router;
}
