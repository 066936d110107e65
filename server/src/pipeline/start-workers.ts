import { AGENT_DESK_JOB_KIND, runAgentDeskJob } from '../agents/desk-jobs';
import { KNOWLEDGE_IMPORT_JOB_KIND } from '../knowledge/import/knowledge-import-job';
import { resumeKnowledgeImports } from '../knowledge/import/resume-imports';
import { runKnowledgeImport } from '../knowledge/import/run-import';
import type { JobContext, ScheduledJob } from '../jobs';
import { AUTOMATION_SCAN_JOB_KIND, runAutomationScanJob, scheduleAutomationScan } from '../automation/scan-job';
import { runCommerceFollowUp } from '../skills/follow-up-jobs';
import { COMMERCE_FOLLOW_UP_JOB_KIND } from '../skills/follow-up-schedule';
import { runWaybillSubscribeJob, scheduleWaybillSubscriptions, WAYBILL_SUBSCRIBE_JOB_KIND } from '../commerce/waybill-subscriptions';
import { deliverOutbound } from './deliver-outbound';
import { handleInbound } from './handle-inbound';
import type { PipelineDeps } from './pipeline-deps';
import { recoverUnfinished } from './recover-unfinished';

/**
 * Binds the pipeline steps and the scheduled work to their queues, then re-queues what a previous
 * process left unfinished. Runs in the HTTP process (embedded) or in `npm run worker`.
 */
export async function startWorkers(deps: PipelineDeps, concurrency = 4): Promise<void> {
  const { runtime } = deps;
  runtime.queues.inbound.process((job, ctx) => handleInbound(deps, job, ctx), concurrency);
  runtime.queues.outbound.process((job, ctx) => deliverOutbound(deps, job, ctx), concurrency);
  // One at a time, so a shopper's messages reach the card's thread in order, after the card itself.
  runtime.queues.desk.process((job) => runAgentDeskJob(deps, job), 1);
  // One scheduled queue, one handler per kind: Bull allows a single process() per queue.
  const scheduledHandlers: Record<string, (job: ScheduledJob, ctx: JobContext) => Promise<void>> = {
    [KNOWLEDGE_IMPORT_JOB_KIND]: (job) => runKnowledgeImport(runtime, job),
    [COMMERCE_FOLLOW_UP_JOB_KIND]: (job, ctx) => runCommerceFollowUp(runtime, job, ctx.attempt),
    [AUTOMATION_SCAN_JOB_KIND]: (job) => runAutomationScanJob(runtime, job),
    [WAYBILL_SUBSCRIBE_JOB_KIND]: (job) => runWaybillSubscribeJob(runtime, job),
    // Desk notices queued here by an older release, still waiting in Redis after an upgrade.
    [AGENT_DESK_JOB_KIND]: (job) => runAgentDeskJob(deps, job),
  };
  runtime.queues.scheduled.process(async (job, ctx) => {
    const handler = scheduledHandlers[job.kind];
    if (!handler) throw new Error(`no handler for scheduled job kind "${job.kind}"`);
    await handler(job, ctx);
  }, 1);
  await recoverUnfinished(deps);
  await resumeKnowledgeImports(runtime);
  await scheduleAutomationScan(runtime);
  await scheduleWaybillSubscriptions(runtime);
}
