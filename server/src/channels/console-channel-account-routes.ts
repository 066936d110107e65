import Router from '@koa/router';
import { z } from 'zod';
import { authenticate } from '../auth/authenticate';
import { requireRole } from '../auth/require-role';
import { atLeast } from '../auth/role-order';
import type { KefuState } from '../http-kit/koa-state';
import { auditActor, principalOf } from '../http-kit/console-principal';
import { parseInput } from '../http-kit/validate';
import type { Runtime } from '../runtime';
import { createChannelAccount, listChannelAccounts, removeChannelAccount, toPublicChannelAccount, updateChannelAccount } from './channel-account-admin';

const createBody = z.strictObject({
  platform: z.string().trim().min(1).max(32),
  /** The platform's id of the account (WeChat AppID, WeCom CorpID, …): unique per tenant and platform. */
  appId: z.string().trim().min(1).max(128),
  name: z.string().trim().min(1).max(100),
  /** Checked against the platform protocol's own config schema. */
  config: z.record(z.string(), z.unknown()),
  unionScope: z.string().trim().min(1).max(128).nullable().optional(),
});
const updateBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    unionScope: z.string().trim().min(1).max(128).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to update' });
const idParams = z.object({ id: z.coerce.number().int().positive() });

/**
 * /api/console/channel-accounts: connect a platform account to the tenant. Admins and owners only;
 * every change is audited (without the secrets); answers never include a secret.
 */
export function createChannelAccountRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/console/channel-accounts' });
  const auth = authenticate(runtime);
  const adminOrAbove = requireRole(...atLeast('admin'));

  router.get('/', auth, adminOrAbove, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    ctx.body = { channelAccounts: (await listChannelAccounts(tenantId)).map((account) => toPublicChannelAccount(runtime.cipher, account)) };
  });

  router.post('/', auth, adminOrAbove, async (ctx) => {
    const principal = principalOf(ctx);
    const body = parseInput(createBody, ctx.request.body, 'body');
    const account = await createChannelAccount(runtime.cipher, principal.tenantId, body);
    await runtime.audit.record({ ...auditActor(principal), action: 'channel_account.created', targetType: 'channel_account', targetId: account.id, details: { platform: account.platform, appId: account.appId } });
    ctx.status = 201;
    ctx.body = { channelAccount: toPublicChannelAccount(runtime.cipher, account) };
  });

  router.patch('/:id', auth, adminOrAbove, async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    const body = parseInput(updateBody, ctx.request.body, 'body');
    const account = await updateChannelAccount(runtime.cipher, principal.tenantId, id, body);
    await runtime.audit.record({
      ...auditActor(principal),
      action: 'channel_account.updated',
      targetType: 'channel_account',
      targetId: account.id,
      // Which fields changed, never their values: config fields are credentials.
      details: { fields: Object.keys(body), configFields: Object.keys(body.config ?? {}) },
    });
    ctx.body = { channelAccount: toPublicChannelAccount(runtime.cipher, account) };
  });

  // Removing an account deletes its conversations with it, so only an owner may.
  router.delete('/:id', auth, requireRole('owner'), async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    const account = await removeChannelAccount(principal.tenantId, id);
    await runtime.audit.record({ ...auditActor(principal), action: 'channel_account.removed', targetType: 'channel_account', targetId: id, details: { platform: account.platform, appId: account.appId } });
    ctx.body = { id };
  });

  return router;
}
