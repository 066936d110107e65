import type { ParameterizedContext } from 'koa';
import { UnauthorizedError } from '@kefu/shared';
import type { AuditInput } from '../auth/audit-log';
import type { ConsolePrincipal, KefuState } from './koa-state';

/** The authenticated caller of a console route; routes without authenticate() in front fail closed. */
export function principalOf(ctx: ParameterizedContext<KefuState>): ConsolePrincipal {
  const principal = ctx.state.principal;
  if (!principal) throw new UnauthorizedError();
  return principal;
}

/** Audit fields naming the principal as the actor of a console action. */
export function auditActor(principal: ConsolePrincipal): Pick<AuditInput, 'tenantId' | 'actorType' | 'actorId'> {
  return { tenantId: principal.tenantId, actorType: principal.kind, actorId: principal.id };
}
