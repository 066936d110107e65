import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { z } from 'zod';
import { ForbiddenError, UnauthorizedError } from '@kefu/shared';
import { authenticate, consoleTokenOf } from '../../auth/authenticate';
import { bumpTokenVersion, revokeConsoleToken } from '../../auth/console-sessions';
import { issueConsoleToken } from '../../auth/console-tokens';
import type { User } from '../../auth/models';
import { requireRole } from '../../auth/require-role';
import { atLeast } from '../../auth/role-order';
import type { LoginThrottle } from '../../auth/login-throttle';
import { findTenantById } from '../../auth/tenant-service';
import { changeOwnPassword, findManageableUser, resetPassword, setUserDisabled } from '../../auth/user-credentials';
import { findUser } from '../../auth/users';
import type { Runtime } from '../../runtime';
import type { ConsolePrincipal, KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';
import { auditActor, principalOf } from '../../http-kit/console-principal';

const changePasswordBody = z
  .strictObject({
    currentPassword: z.string().min(1).max(256),
    newPassword: z.string().min(8).max(256),
  })
  .refine((body) => body.newPassword !== body.currentPassword, { message: 'must differ from the current password', path: ['newPassword'] });
const userIdParams = z.object({ id: z.coerce.number().int().positive() });

/** The signed-in person behind a user token; API keys have no password or session to manage. */
async function signedInUser(principal: ConsolePrincipal): Promise<User> {
  if (principal.kind !== 'user') throw new ForbiddenError('this route is for a signed-in user, not an API key');
  const user = await findUser(principal.tenantId, principal.id);
  if (!user) throw new UnauthorizedError('user no longer active');
  return user;
}

/**
 * Sign-out, password and account-state routes of the console (issue 17). Every one is audited;
 * passwords, temporary or not, never reach the audit log or the logs.
 */
export function registerConsoleAccountRoutes(router: Router<KefuState>, runtime: Runtime, auth: Middleware<KefuState>, loginThrottle: LoginThrottle): void {
  // The few routes a user with a pending password change may call, so the reset can be completed.
  const authPending = authenticate(runtime, { allowPendingPasswordChange: true });
  const adminOrAbove = requireRole(...atLeast('admin'));

  router.post('/logout', authPending, async (ctx) => {
    const principal = principalOf(ctx);
    await signedInUser(principal);
    const token = consoleTokenOf(ctx, runtime);
    await revokeConsoleToken(token);
    await runtime.audit.record({ ...auditActor(principal), action: 'user.logged_out', targetType: 'user', targetId: principal.id });
    ctx.status = 204;
  });

  router.post('/me/sign-out-everywhere', authPending, async (ctx) => {
    const principal = principalOf(ctx);
    const user = await signedInUser(principal);
    await bumpTokenVersion(user);
    await runtime.audit.record({ ...auditActor(principal), action: 'user.signed_out_everywhere', targetType: 'user', targetId: user.id });
    ctx.status = 204;
  });

  router.post('/me/password', authPending, async (ctx) => {
    const principal = principalOf(ctx);
    const user = await signedInUser(principal);
    const body = parseInput(changePasswordBody, ctx.request.body, 'body');
    // Guessing the current password with a stolen token counts against the same lock as the login form.
    const tenant = await findTenantById(user.tenantId);
    const attempt = await loginThrottle.admit({ tenantKey: tenant?.key ?? String(user.tenantId), email: user.email, ip: ctx.ip });
    try {
      await changeOwnPassword(user, body.currentPassword, body.newPassword);
    } catch (error) {
      if (error instanceof ForbiddenError) await attempt.failed();
      throw error;
    }
    await attempt.succeeded();
    await runtime.audit.record({ ...auditActor(principal), action: 'user.password_changed', targetType: 'user', targetId: user.id });
    // Every other session ended with the version bump; this one continues on a fresh token.
    ctx.body = { token: issueConsoleToken({ userId: user.id, tenantId: user.tenantId, role: user.role, tokenVersion: user.tokenVersion }, runtime.secrets.sessionSecret) };
  });

  router.post('/users/:id/sign-out-everywhere', auth, adminOrAbove, async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = parseInput(userIdParams, ctx.params, 'params');
    const user = await findManageableUser(principal.tenantId, principal.role, id);
    await bumpTokenVersion(user);
    await runtime.audit.record({ ...auditActor(principal), action: 'user.signed_out_everywhere', targetType: 'user', targetId: user.id });
    ctx.status = 204;
  });

  router.post('/users/:id/reset-password', auth, adminOrAbove, async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = parseInput(userIdParams, ctx.params, 'params');
    const user = await findManageableUser(principal.tenantId, principal.role, id);
    if (principal.kind === 'user' && user.id === principal.id) throw new ForbiddenError('change your own password with POST /api/console/me/password');
    const temporaryPassword = await resetPassword(user);
    await runtime.audit.record({ ...auditActor(principal), action: 'user.password_reset', targetType: 'user', targetId: user.id, details: { email: user.email } });
    // The only time the temporary password exists in clear: the admin passes it on, the user must change it.
    ctx.body = { temporaryPassword, mustChangePassword: true };
  });

  for (const [path, disabled] of [['disable', true], ['enable', false]] as const) {
    router.post(`/users/:id/${path}`, auth, adminOrAbove, async (ctx) => {
      const principal = principalOf(ctx);
      const { id } = parseInput(userIdParams, ctx.params, 'params');
      const user = await findManageableUser(principal.tenantId, principal.role, id);
      // Disabling oneself could leave a tenant with no one able to sign in.
      if (principal.kind === 'user' && user.id === principal.id) throw new ForbiddenError('you cannot disable or enable yourself');
      await setUserDisabled(user, disabled);
      await runtime.audit.record({ ...auditActor(principal), action: disabled ? 'user.disabled' : 'user.enabled', targetType: 'user', targetId: user.id, details: { email: user.email } });
      ctx.body = { id: user.id, disabledAt: user.disabledAt ?? null };
    });
  }
}
