import Router from '@koa/router';
import { z } from 'zod';
import { ForbiddenError } from '@kefu/shared';
import { createApiKey, listApiKeys, revokeApiKey } from '../../auth/api-keys';
import { authenticate } from '../../auth/authenticate';
import { consoleLogin } from '../../auth/console-login';
import { LoginThrottle } from '../../auth/login-throttle';
import { ROLES } from '../../auth/models';
import { requireRole } from '../../auth/require-role';
import { atLeast, outranksOrEquals } from '../../auth/role-order';
import { findTenantById } from '../../auth/tenant-service';
import { createUser, findUser, listUsers, toPublicUser } from '../../auth/users';
import type { Runtime } from '../../runtime';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';
import { registerConsoleAccountRoutes } from './console-account-routes';
import { registerConsoleConversationRoutes } from './console-conversation-routes';
import { registerConsoleJobRoutes } from './console-job-routes';
import { auditActor, principalOf } from '../../http-kit/console-principal';

const loginBody = z.strictObject({
  tenantKey: z.string().trim().min(1).max(64),
  email: z.string().trim().min(1).max(255),
  // Bounded so a huge "password" cannot be used to make argon2 burn CPU.
  password: z.string().min(1).max(256),
});
const createUserBody = z.strictObject({
  email: z.email().max(255),
  password: z.string().min(8).max(256),
  role: z.enum(ROLES),
  displayName: z.string().trim().min(1).max(100).optional(),
});
const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
});
const idParams = z.object({ id: z.coerce.number().int().positive() });
const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/**
 * The merchant console API under /api/console. Every route but /login authenticates; every query is
 * scoped to the principal's tenant, and ids of other tenants answer 404 exactly like missing ones.
 */
export function createConsoleRouter(runtime: Runtime, options: { loginThrottle?: LoginThrottle } = {}): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/console' });
  const auth = authenticate(runtime);
  const adminOrAbove = requireRole(...atLeast('admin'));
  // Redis when the deployment has it, so every process counts the same failures.
  const loginThrottle = options.loginThrottle ?? new LoginThrottle({ redis: runtime.redis, keyPrefix: runtime.config.REDIS_PREFIX });

  router.post('/login', async (ctx) => {
    const body = parseInput(loginBody, ctx.request.body, 'body');
    ctx.body = await consoleLogin(runtime, loginThrottle, { ...body, ip: ctx.ip });
  });

  registerConsoleAccountRoutes(router, runtime, auth, loginThrottle);

  router.get('/me', authenticate(runtime, { allowPendingPasswordChange: true }), async (ctx) => {
    const principal = principalOf(ctx);
    const tenant = await findTenantById(principal.tenantId);
    const user = principal.kind === 'user' ? await findUser(principal.tenantId, principal.id) : null;
    ctx.body = {
      principal: { kind: principal.kind, id: principal.id, role: principal.role },
      tenant: tenant ? { id: tenant.id, key: tenant.key, name: tenant.name } : { id: principal.tenantId },
      user: user ? toPublicUser(user) : null,
      // The console shows the change-password form instead of everything else while this is true.
      mustChangePassword: user?.mustChangePassword ?? false,
    };
  });

  router.get('/users', auth, adminOrAbove, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    ctx.body = { users: (await listUsers(tenantId)).map(toPublicUser) };
  });

  router.post('/users', auth, requireRole('owner', 'admin'), async (ctx) => {
    const principal = principalOf(ctx);
    const body = parseInput(createUserBody, ctx.request.body, 'body');
    // Nobody hands out more power than they hold: an admin cannot create an owner.
    if (!outranksOrEquals(principal.role, body.role)) throw new ForbiddenError(`a ${principal.role} cannot create a user with role ${body.role}`);
    const user = await createUser(principal.tenantId, body);
    await runtime.audit.record({ ...auditActor(principal), action: 'user.created', targetType: 'user', targetId: user.id, details: { email: user.email, role: user.role } });
    ctx.status = 201;
    ctx.body = { user: toPublicUser(user) };
  });

  router.post('/api-keys', auth, adminOrAbove, async (ctx) => {
    const principal = principalOf(ctx);
    const body = parseInput(createApiKeyBody, ctx.request.body, 'body');
    if (!outranksOrEquals(principal.role, body.role)) throw new ForbiddenError(`a ${principal.role} cannot create an API key with role ${body.role}`);
    const { apiKey, plaintext } = await createApiKey(principal.tenantId, body.name, body.role);
    await runtime.audit.record({ ...auditActor(principal), action: 'api_key.created', targetType: 'api_key', targetId: apiKey.id, details: { name: apiKey.name, role: apiKey.role, keyPrefix: apiKey.keyPrefix } });
    ctx.status = 201;
    // The only time the key is ever returned: only its hash is stored.
    ctx.body = { id: apiKey.id, key: plaintext, name: apiKey.name, role: apiKey.role };
  });

  router.get('/api-keys', auth, adminOrAbove, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    ctx.body = { apiKeys: await listApiKeys(tenantId) };
  });

  router.delete('/api-keys/:id', auth, adminOrAbove, async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    const apiKey = await revokeApiKey(principal.tenantId, id);
    await runtime.audit.record({ ...auditActor(principal), action: 'api_key.revoked', targetType: 'api_key', targetId: apiKey.id, details: { name: apiKey.name } });
    ctx.body = { id: apiKey.id, revokedAt: apiKey.revokedAt };
  });

  registerConsoleConversationRoutes(router, auth);

  router.get('/audit', auth, adminOrAbove, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const { limit } = parseInput(auditQuery, ctx.query, 'query');
    const entries = await runtime.audit.list(tenantId, limit);
    ctx.body = {
      entries: entries.map((entry) => ({
        id: entry.id,
        actorType: entry.actorType,
        actorId: entry.actorId,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        details: entry.details,
        createdAt: entry.createdAt,
      })),
    };
  });

  registerConsoleJobRoutes(router, runtime, auth);

  return router;
}
