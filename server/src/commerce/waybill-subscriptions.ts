import { Op } from 'sequelize';
import { AuditEntry } from '../auth/models';
import { CROSS_TENANT } from '../db/tenant-guard';
import type { ScheduledJob } from '../jobs';
import type { Runtime } from '../runtime';
import { CommerceConnectorSetting } from './action-models';
import { loadCommerceConnectors } from './connectors/connector-registry';
import { Kuaidi100Logistics } from './connectors/kuaidi100/kuaidi100-logistics';
import { Order } from './models';

export const WAYBILL_SUBSCRIBE_JOB_KIND = 'commerce.waybill-subscribe';
/** Orders gain waybills outside the chat (the merchant's warehouse); this often we look for new ones. */
export const WAYBILL_SUBSCRIBE_EVERY_MS = 5 * 60_000;
/** Older shipments are finished or tracked already; Kuaidi100 stops pushing after delivery anyway. */
const LOOKBACK_DAYS = 30;
const SUBSCRIBED_ACTION = 'logistics.waybill_subscribed';

type SubscribeRuntime = Pick<Runtime, 'audit' | 'cipher' | 'logger' | 'queues'>;

/** Registers the repeatable sweep (Bull repeatable job with Redis, a timer in process); safe from every worker. */
export async function scheduleWaybillSubscriptions(runtime: Pick<Runtime, 'queues'>, everyMs = WAYBILL_SUBSCRIBE_EVERY_MS): Promise<void> {
  await runtime.queues.scheduled.repeat({ kind: WAYBILL_SUBSCRIBE_JOB_KIND }, { key: WAYBILL_SUBSCRIBE_JOB_KIND, everyMs });
}

/**
 * Without a tenant: one job per tenant whose logistics provider is Kuaidi100, so one tenant's outage
 * is retried alone. With a tenant: subscribes every recently shipped waybill not subscribed yet.
 */
export async function runWaybillSubscribeJob(runtime: SubscribeRuntime, job: ScheduledJob, now = new Date()): Promise<void> {
  if (job.tenantId) {
    await subscribeNewWaybills(runtime, Number(job.tenantId), now);
    return;
  }
  const settings = await CommerceConnectorSetting.findAll({ where: { kind: 'logistics', provider: 'kuaidi100' }, ...CROSS_TENANT } as Parameters<typeof CommerceConnectorSetting.findAll>[0]);
  const slot = Math.floor(now.getTime() / 60_000);
  for (const setting of settings) {
    await runtime.queues.scheduled.add({ kind: WAYBILL_SUBSCRIBE_JOB_KIND, tenantId: String(setting.tenantId) }, { jobId: `${WAYBILL_SUBSCRIBE_JOB_KIND}:${setting.tenantId}:${slot}` });
  }
}

/**
 * Asks Kuaidi100 to push updates for each shipped order's waybill, once per waybill: a successful
 * subscription is audited, and the audit entry is the record that it happened (Kuaidi100 itself
 * answers a repeated subscription with 501, which the provider treats as success). Returns how many
 * waybills were newly subscribed; throws after trying all of them if any failed, so the job retries.
 */
export async function subscribeNewWaybills(runtime: SubscribeRuntime, tenantId: number, now: Date): Promise<number> {
  const connectors = await loadCommerceConnectors(tenantId, runtime.cipher);
  if (!(connectors.logistics instanceof Kuaidi100Logistics) || !connectors.logistics.canSubscribe()) return 0;
  const since = new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000);
  const orders = await Order.findAll({ where: { tenantId, status: 'shipped', trackingNo: { [Op.ne]: null }, carrier: { [Op.ne]: null }, shippedAt: { [Op.gte]: since } }, limit: 2000 });
  if (orders.length === 0) return 0;
  const done = await AuditEntry.findAll({ where: { tenantId, action: SUBSCRIBED_ACTION, targetId: orders.map((o) => o.trackingNo as string) }, attributes: ['targetId'] });
  const subscribed = new Set(done.map((entry) => entry.targetId));
  let count = 0;
  const failures: unknown[] = [];
  for (const order of orders) {
    const trackingNo = order.trackingNo as string;
    if (subscribed.has(trackingNo)) continue;
    subscribed.add(trackingNo); // two orders sharing one parcel need one subscription
    try {
      await connectors.logistics.subscribe({ carrier: order.carrier as string, trackingNo, phone: runtime.cipher.decryptOptional(order.phoneEncrypted) });
    } catch (error) {
      failures.push(error);
      runtime.logger.warn({ tenantId, orderNo: order.orderNo, reason: error instanceof Error ? error.message : String(error) }, 'kuaidi100 subscription failed');
      continue;
    }
    await runtime.audit.record({ tenantId, actorType: 'system', action: SUBSCRIBED_ACTION, targetType: 'waybill', targetId: trackingNo, details: { orderNo: order.orderNo, carrier: order.carrier } });
    count += 1;
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} Kuaidi100 subscriptions failed for tenant ${tenantId}`);
  return count;
}
