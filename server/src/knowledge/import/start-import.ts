import type { Runtime } from '../../runtime';
import { KnowledgeImport, KnowledgeImportFile } from '../models';
import { IMPORT_LIMITS } from './import-limits';
import { KNOWLEDGE_IMPORT_JOB_KIND, knowledgeImportJobId } from './knowledge-import-job';

export interface UploadedFile {
  name: string;
  contentBase64: string;
}

/** Decoded size of base64 text without decoding it. */
function decodedBytes(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/**
 * Records a batch and its files, then queues the job that processes them. Files are stored in the
 * database rather than the job so a restarted worker (or the in-process queue, which forgets jobs on
 * restart) can resume. A file over the size limit is recorded as failed right away and not stored;
 * the rest of the batch still imports.
 */
export async function startImport(
  runtime: Pick<Runtime, 'db' | 'queues'>,
  tenantId: number,
  files: UploadedFile[],
  options: { userId: number | null; publish: boolean },
): Promise<KnowledgeImport> {
  const batch = await runtime.db.sequelize.transaction(async (transaction) => {
    const oversized = files.filter((f) => decodedBytes(f.contentBase64) > IMPORT_LIMITS.maxFileBytes);
    const created = await KnowledgeImport.create(
      {
        tenantId,
        status: 'queued',
        total: files.length,
        done: oversized.length,
        failed: oversized.map((f) => ({ file: f.name, error: `the file is larger than ${IMPORT_LIMITS.maxFileBytes} bytes` })),
        entryIds: [],
        publish: options.publish,
        createdByUserId: options.userId,
      },
      { transaction },
    );
    for (const [position, file] of files.entries()) {
      const tooBig = oversized.includes(file);
      await KnowledgeImportFile.create(
        {
          tenantId,
          importId: created.id,
          position,
          name: file.name,
          contentBase64: tooBig ? null : file.contentBase64,
          status: tooBig ? 'failed' : 'pending',
          error: tooBig ? `the file is larger than ${IMPORT_LIMITS.maxFileBytes} bytes` : null,
        },
        { transaction },
      );
    }
    return created;
  });
  await enqueueImport(runtime, batch.tenantId, batch.id);
  return batch;
}

export async function enqueueImport(runtime: Pick<Runtime, 'queues'>, tenantId: number, importId: number): Promise<void> {
  await runtime.queues.scheduled.add(
    { kind: KNOWLEDGE_IMPORT_JOB_KIND, tenantId: String(tenantId), payload: { importId } },
    { jobId: knowledgeImportJobId(importId) },
  );
}
