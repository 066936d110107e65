import { listUnfinishedMessages } from '../conversations/conversation-service';
import type { PipelineDeps } from './pipeline-deps';

/**
 * At boot, re-queue what a previous process accepted but did not finish: shopper messages not yet
 * answered and replies not yet delivered. Job ids are the same as the first time, so on Redis a job
 * that survived is not doubled, and the steps themselves skip finished work.
 */
export async function recoverUnfinished(deps: PipelineDeps): Promise<{ inbound: number; outbound: number }> {
  const { queues, logger } = deps.runtime;
  const counts = { inbound: 0, outbound: 0 };
  for (const message of await listUnfinishedMessages()) {
    const job = { messageId: String(message.id), tenantId: String(message.tenantId) };
    if (message.role === 'shopper') {
      await queues.inbound.add(job, { jobId: `in:${message.channelAccountId}:${message.platformMessageId}` });
      counts.inbound += 1;
    } else {
      await queues.outbound.add(job, { jobId: `out:${message.id}` });
      counts.outbound += 1;
    }
  }
  if (counts.inbound + counts.outbound > 0) logger.info(counts, 'recovered unfinished messages');
  return counts;
}
