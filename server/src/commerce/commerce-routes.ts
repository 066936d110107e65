import Router from '@koa/router';
import { z } from 'zod';
import { authenticate } from '../auth/authenticate';
import { requireRole } from '../auth/require-role';
import { atLeast } from '../auth/role-order';
import { findTenantByKey } from '../auth/tenant-service';
import { auditActor, principalOf } from '../http-kit/console-principal';
import type { KefuState } from '../http-kit/koa-state';
import { parseInput } from '../http-kit/validate';
import type { Runtime } from '../runtime';
import { CommerceConnectorSetting } from './action-models';
import { saveConnectorSetting } from './connectors/connector-registry';
import { KUAIDI100_CALLBACK_OK } from './connectors/kuaidi100/kuaidi100-callback';
import { recordKuaidi100Push } from './connectors/kuaidi100/record-kuaidi100-push';

const kindParams = z.object({ kind: z.enum(['orders', 'logistics', 'inventory', 'crm', 'marketing', 'catalog']) });
const putBody = z.strictObject({ provider: z.string().min(1).max(32), config: z.unknown().optional() });
const tenantParams = z.object({ tenantKey: z.string().min(1).max(64) });

/**
 * Console: which provider serves each connector kind (admins change it; configurations are
 * validated at save time, stored encrypted, never read back). Webhook: Kuaidi100's push callback.
 */
export function createCommerceRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>();
  const auth = authenticate(runtime);
  const canEdit = requireRole(...atLeast('admin'));

  router.get('/api/console/commerce/connectors', auth, canEdit, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const settings = await CommerceConnectorSetting.findAll({ where: { tenantId } });
    const byKind = new Map(settings.map((s) => [s.kind, s.provider]));
    ctx.body = { connectors: kindParams.shape.kind.options.map((kind) => ({ kind, provider: byKind.get(kind) ?? 'builtin', configured: Boolean(settings.find((s) => s.kind === kind)?.configEncrypted) })) };
  });

  router.put('/api/console/commerce/connectors/:kind', auth, canEdit, async (ctx) => {
    const principal = principalOf(ctx);
    const { kind } = parseInput(kindParams, ctx.params, 'params');
    const body = parseInput(putBody, ctx.request.body, 'body');
    await saveConnectorSetting(principal.tenantId, kind, body.provider, body.config, runtime.cipher);
    await runtime.audit.record({ ...auditActor(principal), action: 'commerce.connector_updated', targetType: 'connector', targetId: kind, details: { provider: body.provider } });
    ctx.body = { kind, provider: body.provider };
  });

  router.post('/webhooks/kuaidi100/:tenantKey', async (ctx) => {
    const { tenantKey } = parseInput(tenantParams, ctx.params, 'params');
    const tenant = await findTenantByKey(tenantKey);
    const form = Object.fromEntries(new URLSearchParams(ctx.request.rawBody?.toString('utf8') ?? ''));
    if (!tenant || !(await recordKuaidi100Push(tenant.id, form, runtime.cipher))) {
      ctx.status = 400;
      ctx.body = { result: false, returnCode: '500', message: '签名验证失败' };
      return;
    }
    ctx.body = KUAIDI100_CALLBACK_OK;
  });

  return router;
}
