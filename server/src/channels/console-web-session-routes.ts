import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError } from '@kefu/shared';
import { authenticate } from '../auth/authenticate';
import { requireRole } from '../auth/require-role';
import { atLeast } from '../auth/role-order';
import { findConversation } from '../conversations/conversation-service';
import { revokeCustomerSessions, revokeIdentitySessions } from '../customers/session-revocation';
import type { KefuState } from '../http-kit/koa-state';
import { auditActor, principalOf } from '../http-kit/console-principal';
import { parseInput } from '../http-kit/validate';
import type { Runtime } from '../runtime';

const idParams = z.object({ id: z.coerce.number().int().positive() });

/**
 * Revoking shoppers' web sessions from the console: an agent ends the session behind one
 * conversation (a hijacked or abusive chat); an owner ends every session of a customer. Audited;
 * another tenant's ids answer 404 like missing ones.
 */
export function createWebSessionConsoleRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/console' });
  const auth = authenticate(runtime);

  router.post('/conversations/:id/revoke-session', auth, requireRole(...atLeast('agent')), async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    const conversation = await findConversation(principal.tenantId, id);
    if (!conversation) throw new NotFoundError(`conversation ${id} not found`);
    await revokeIdentitySessions(principal.tenantId, conversation.channelIdentityId);
    await runtime.audit.record({ ...auditActor(principal), action: 'web_session.revoked', targetType: 'conversation', targetId: id, details: { channelIdentityId: conversation.channelIdentityId } });
    ctx.status = 204;
  });

  router.post('/customers/:id/revoke-sessions', auth, requireRole('owner'), async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    const identities = await revokeCustomerSessions(principal.tenantId, id);
    await runtime.audit.record({ ...auditActor(principal), action: 'web_session.revoked_all', targetType: 'customer', targetId: id, details: { identities } });
    ctx.body = { customerId: id, identities };
  });

  return router;
}
