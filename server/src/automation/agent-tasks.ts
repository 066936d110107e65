import { retryOnConflict } from '../db/retry-on-conflict';
import { AgentTask } from './models';

/** Creates the task for a trigger once; returns it and whether this call created it. */
export async function createTaskOnce(input: {
  tenantId: number;
  triggerKey: string;
  kind: string;
  customerId: number | null;
  orderId: number | null;
  conversationId: number | null;
  summary: string;
}): Promise<{ task: AgentTask; created: boolean }> {
  return retryOnConflict(async () => {
    const existing = await AgentTask.findOne({ where: { tenantId: input.tenantId, triggerKey: input.triggerKey } });
    if (existing) return { task: existing, created: false };
    return { task: await AgentTask.create({ ...input, summary: input.summary.slice(0, 500), status: 'open' }), created: true };
  });
}
