import Router from '@koa/router';
import { z } from 'zod';
import { authenticate } from '../../auth/authenticate';
import { requireRole } from '../../auth/require-role';
import { atLeast } from '../../auth/role-order';
import { findTenantById } from '../../auth/tenant-service';
import { emptyDialogContext, readDialogContext } from '../../nlu/engine/dialog-context';
import { deleteMerchantIntent, listMerchantIntents, saveMerchantIntent } from '../../nlu/merchant-intents';
import type { NluService } from '../../nlu/nlu-service';
import type { Runtime } from '../../runtime';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';
import { auditActor, principalOf } from '../../http-kit/console-principal';

const parseBody = z.strictObject({
  text: z.string().max(10_000),
  /** The `context` returned by a previous call, to parse a follow-up turn. */
  context: z.record(z.string(), z.unknown()).optional(),
});
const intentBody = z.strictObject({
  intentId: z.string().regex(/^[a-z][a-z0-9_.-]{1,63}$/, 'lower-case letters, digits, dot, dash or underscore; 2–64 characters'),
  description: z.string().trim().max(300).optional(),
  examples: z.array(z.string().trim().min(1).max(200)).min(5, 'give at least 5 example phrases').max(500),
});
const intentParams = z.object({ intentId: z.string().min(1).max(64) });

/**
 * The console's view of understanding: parse a text as the bot would, and manage the tenant's own
 * intents. Saving an intent retrains that tenant's model before answering, so it is served at once.
 */
export function createNluRouter(runtime: Runtime, nlu: NluService): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/nlu' });
  router.use(authenticate(runtime));

  const engineForPrincipal = async (tenantId: number) => {
    const tenant = await findTenantById(tenantId);
    return nlu.engineFor({ id: tenantId, orderNumberPattern: tenant?.orderNumberPattern ?? null });
  };

  router.post('/parse', requireRole(...atLeast('viewer')), async (ctx) => {
    const body = parseInput(parseBody, ctx.request.body, 'body');
    const engine = await engineForPrincipal(principalOf(ctx).tenantId);
    const { result, context } = engine.parse(body.text, body.context ? readDialogContext(body.context) : emptyDialogContext());
    ctx.body = { ...result, context };
  });

  router.get('/intents', requireRole(...atLeast('viewer')), async (ctx) => {
    const intents = await listMerchantIntents(principalOf(ctx).tenantId);
    ctx.body = { intents: intents.map((i) => ({ intentId: i.intentId, description: i.description, examples: i.examples, updatedAt: i.updatedAt })) };
  });

  router.put('/intents', requireRole(...atLeast('admin')), async (ctx) => {
    const principal = principalOf(ctx);
    const body = parseInput(intentBody, ctx.request.body, 'body');
    const saved = await saveMerchantIntent(principal.tenantId, body);
    nlu.invalidate(principal.tenantId);
    const started = Date.now();
    await engineForPrincipal(principal.tenantId);
    await runtime.audit.record({ ...auditActor(principal), action: 'nlu.intent_saved', targetType: 'merchant_intent', targetId: saved.intentId, details: { examples: saved.examples.length } });
    ctx.body = { intentId: saved.intentId, examples: saved.examples.length, retrainedMs: Date.now() - started };
  });

  router.delete('/intents/:intentId', requireRole(...atLeast('admin')), async (ctx) => {
    const principal = principalOf(ctx);
    const { intentId } = parseInput(intentParams, ctx.params, 'params');
    await deleteMerchantIntent(principal.tenantId, intentId);
    nlu.invalidate(principal.tenantId);
    await runtime.audit.record({ ...auditActor(principal), action: 'nlu.intent_deleted', targetType: 'merchant_intent', targetId: intentId });
    ctx.status = 204;
  });

  return router;
}
