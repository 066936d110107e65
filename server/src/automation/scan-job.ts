import type { ScheduledJob } from '../jobs';
import type { Runtime } from '../runtime';
import { runTenantScan } from './run-tenant-scan';
import { listTenantsWithAutomation } from './settings-service';

export const AUTOMATION_SCAN_JOB_KIND = 'automation.scan';
/** How often the proactive service looks for triggers; merchant-set times are honoured to this resolution. */
export const AUTOMATION_SCAN_EVERY_MS = 5 * 60_000;

type ScanRuntime = Pick<Runtime, 'audit' | 'events' | 'queues' | 'logger' | 'cipher'>;

/** Registers the repeatable scan (Bull repeatable job with Redis, a timer in process); safe from every worker. */
export async function scheduleAutomationScan(runtime: Pick<Runtime, 'queues'>, everyMs = AUTOMATION_SCAN_EVERY_MS): Promise<void> {
  await runtime.queues.scheduled.repeat({ kind: AUTOMATION_SCAN_JOB_KIND }, { key: AUTOMATION_SCAN_JOB_KIND, everyMs });
}

/**
 * The scan job. Without a tenant it fans out one job per tenant that turned a feature on, so one
 * tenant's failure is retried (and shown in its console) alone; with a tenant it scans that tenant.
 */
export async function runAutomationScanJob(runtime: ScanRuntime, job: ScheduledJob, now = new Date()): Promise<void> {
  if (job.tenantId) {
    await runTenantScan(runtime, Number(job.tenantId), now);
    return;
  }
  const slot = Math.floor(now.getTime() / 60_000);
  for (const tenantId of await listTenantsWithAutomation()) {
    await runtime.queues.scheduled.add({ kind: AUTOMATION_SCAN_JOB_KIND, tenantId: String(tenantId) }, { jobId: `${AUTOMATION_SCAN_JOB_KIND}:${tenantId}:${slot}` });
  }
}
