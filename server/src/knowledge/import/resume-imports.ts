import { Op } from 'sequelize';
import { CROSS_TENANT } from '../../db/tenant-guard';
import type { Runtime } from '../../runtime';
import { KnowledgeImport } from '../models';
import { enqueueImport } from './start-import';

/**
 * At boot: queue again every batch that had not finished, for the in-process queue forgets its jobs
 * on restart. Harmless with Bull, where a still-queued job id makes the add a no-op.
 */
export async function resumeKnowledgeImports(runtime: Pick<Runtime, 'queues' | 'logger'>): Promise<number> {
  const unfinished = await KnowledgeImport.findAll({ where: { status: { [Op.in]: ['queued', 'running'] } }, attributes: ['id', 'tenantId'], ...CROSS_TENANT });
  for (const batch of unfinished) await enqueueImport(runtime, batch.tenantId, batch.id);
  if (unfinished.length > 0) runtime.logger.info({ count: unfinished.length }, 'knowledge imports resumed');
  return unfinished.length;
}
