import type { Runtime } from '../runtime';
import type { ProactiveOutcome, ProactiveTrigger } from './proactive-trigger';
import { sendProactive } from './send-proactive';
import { ShopperLookups } from './shopper-lookups';
import { loadAutomationSettings } from './settings-service';
import { findAbandonedCartTriggers } from './triggers/abandoned-carts';
import { findHighValueTriggers } from './triggers/high-value-coupons';
import { findLogisticsTriggers } from './triggers/logistics-anomalies';
import { findUnpaidTriggers } from './triggers/unpaid-orders';

export interface ScanSummary {
  triggers: number;
  sent: number;
  duplicate: number;
  deferred: Record<string, number>;
  failed: number;
}

/**
 * One pass of the proactive service over one tenant: find every trigger of the enabled features
 * and offer each to sendProactive. A failing trigger does not stop the others; the pass then
 * fails as a whole so the job is retried (already-sent triggers are no-ops on the retry).
 */
export async function runTenantScan(runtime: Pick<Runtime, 'audit' | 'events' | 'queues' | 'logger' | 'cipher'>, tenantId: number, now: Date): Promise<ScanSummary> {
  const settings = await loadAutomationSettings(tenantId);
  const triggers: ProactiveTrigger[] = [];
  if (settings.logistics.enabled) triggers.push(...(await findLogisticsTriggers(tenantId, settings, now)));
  if (settings.unpaid.enabled) triggers.push(...(await findUnpaidTriggers(tenantId, settings, now)));
  if (settings.carts.enabled) triggers.push(...(await findAbandonedCartTriggers(runtime, tenantId, settings, now)));
  if (settings.highValue.enabled) triggers.push(...(await findHighValueTriggers(tenantId, settings, now)));

  const summary: ScanSummary = { triggers: triggers.length, sent: 0, duplicate: 0, deferred: {}, failed: 0 };
  const errors: unknown[] = [];
  const lookups = new ShopperLookups(tenantId, runtime.audit, runtime.cipher);
  for (const trigger of triggers) {
    let outcome: ProactiveOutcome;
    try {
      outcome = await sendProactive(runtime, tenantId, settings, trigger, now, lookups);
    } catch (error) {
      summary.failed += 1;
      errors.push(error);
      runtime.logger.error({ err: error, tenantId, triggerKey: trigger.key }, 'proactive trigger failed');
      continue;
    }
    if (outcome.status === 'sent') summary.sent += 1;
    else if (outcome.status === 'duplicate') summary.duplicate += 1;
    else summary.deferred[outcome.reason] = (summary.deferred[outcome.reason] ?? 0) + 1;
  }
  runtime.logger.info({ tenantId, ...summary }, 'proactive scan finished');
  if (errors.length > 0) throw new AggregateError(errors, `${errors.length} of ${triggers.length} proactive triggers failed for tenant ${tenantId}`);
  return summary;
}
