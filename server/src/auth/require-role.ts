import type { Middleware } from 'koa';
import { ForbiddenError, UnauthorizedError } from '@kefu/shared';
import type { KefuState } from '../http-kit/koa-state';
import type { Role } from './models';

/** Lets the request through only for a principal holding one of `roles`; use after authenticate(). */
export function requireRole(...roles: Role[]): Middleware<KefuState> {
  if (roles.length === 0) throw new Error('requireRole needs at least one role');
  const allowed = new Set<Role>(roles);
  const message = `requires role ${roles.join(' or ')}`;
  return async function requireRoleMiddleware(ctx, next) {
    const principal = ctx.state.principal;
    // No principal means authenticate() did not run on this route: a wiring mistake, but never an open door.
    if (!principal) throw new UnauthorizedError();
    if (!allowed.has(principal.role)) throw new ForbiddenError(message);
    return next();
  };
}
