import { NotFoundError } from '@kefu/shared';
import { KnowledgeImport, type ImportFailure, type ImportStatus } from '../models';

export interface ImportProgress {
  importId: number;
  status: ImportStatus;
  total: number;
  /** Files finished, imported or failed. */
  done: number;
  failed: ImportFailure[];
  entryIds: number[];
  createdAt: Date;
  updatedAt: Date;
}

export async function getImportProgress(tenantId: number, importId: number): Promise<ImportProgress> {
  const batch = await KnowledgeImport.findOne({ where: { tenantId, id: importId } });
  if (!batch) throw new NotFoundError(`import ${importId} not found`);
  return {
    importId: Number(batch.id),
    status: batch.status,
    total: batch.total,
    done: batch.done,
    failed: batch.failed,
    entryIds: batch.entryIds,
    createdAt: batch.createdAt,
    updatedAt: batch.updatedAt,
  };
}
