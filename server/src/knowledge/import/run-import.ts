import type { Transaction } from 'sequelize';
import type { ScheduledJob } from '../../jobs';
import type { Runtime } from '../../runtime';
import { KnowledgeImport, KnowledgeImportFile, type ImportFailure } from '../models';
import { createEntry } from '../management/create-entry';
import { completeContent } from '../management/revision-content';
import { classifyEntry, type CatalogProduct } from './classify-entry';
import type { DraftEntry } from './draft-entry';
import { ImportFileError } from './import-file-error';
import { IMPORT_LIMITS } from './import-limits';
import { loadProductCatalog } from './load-product-catalog';
import { parseImportFile } from './parse-import-file';

type ImportRuntime = Pick<Runtime, 'db' | 'logger'>;

/** File-supplied lists are trimmed to what the revision columns accept rather than failing the file. */
function fit(values: string[] | undefined, maxItems: number, maxLength: number): string[] {
  return [...new Set((values ?? []).map((v) => v.trim()).filter((v) => v && v.length <= maxLength))].slice(0, maxItems);
}

/** Turns one parsed file into entries and records the outcome in one transaction: a file is imported once or not at all. */
async function importFile(runtime: ImportRuntime, batch: KnowledgeImport, file: KnowledgeImportFile, catalog: CatalogProduct[]): Promise<void> {
  const { tenantId } = batch;
  let drafts: DraftEntry[];
  try {
    drafts = await parseImportFile(file.name, Buffer.from(file.contentBase64 ?? '', 'base64'));
  } catch (error) {
    // Only problems with the file itself fail the file; anything else fails the job, which retries.
    if (!(error instanceof ImportFileError)) throw error;
    await runtime.db.sequelize.transaction((transaction) => recordOutcome(batch, file, { error: error.message }, transaction));
    return;
  }
  await runtime.db.sequelize.transaction(async (transaction) => {
    const entryIds: number[] = [];
    for (const [n, draft] of drafts.entries()) {
      const found = classifyEntry(draft, catalog);
      const content = completeContent({
        title: draft.title.slice(0, IMPORT_LIMITS.maxTitleChars),
        answer: draft.answer.slice(0, IMPORT_LIMITS.maxAnswerChars),
        similarQuestions: fit(draft.similarQuestions, 100, 300),
        tags: fit(found.tags, 30, 32),
        keywords: fit(found.keywords, 50, 50),
        category: found.category ? found.category.slice(0, 32) : null,
        productIds: found.productIds.slice(0, 100),
      });
      // Deterministic slugs name where an entry came from; a retried job skips files already done.
      const { entry } = await createEntry(
        tenantId,
        content,
        { slug: `import-${batch.id}-${file.position + 1}-${n + 1}`, author: { userId: batch.createdByUserId ?? null }, publish: batch.publish, note: `imported from ${file.name}`.slice(0, 500) },
        transaction,
      );
      entryIds.push(Number(entry.id));
    }
    await recordOutcome(batch, file, { entryIds }, transaction);
  });
}

async function recordOutcome(
  batch: KnowledgeImport,
  file: KnowledgeImportFile,
  outcome: { entryIds: number[] } | { error: string },
  transaction: Transaction,
): Promise<void> {
  const { tenantId } = batch;
  const fresh = await KnowledgeImport.findOne({ where: { tenantId, id: batch.id }, transaction, lock: transaction.LOCK.UPDATE });
  if (!fresh) return;
  const failed: ImportFailure[] = 'error' in outcome ? [...fresh.failed, { file: file.name, error: outcome.error }] : fresh.failed;
  const entryIds = 'entryIds' in outcome ? [...fresh.entryIds, ...outcome.entryIds] : fresh.entryIds;
  await KnowledgeImport.update({ done: fresh.done + 1, failed, entryIds }, { where: { tenantId, id: batch.id }, transaction });
  await KnowledgeImportFile.update(
    { status: 'error' in outcome ? 'failed' : 'done', error: 'error' in outcome ? outcome.error.slice(0, 1000) : null, entryIds: 'entryIds' in outcome ? outcome.entryIds : [], contentBase64: null },
    { where: { tenantId, id: file.id }, transaction },
  );
}

/**
 * The scheduled-queue handler for kind 'knowledge.import'. Files are processed one at a time in
 * upload order, each loaded only when its turn comes; files already done are skipped, so a retried
 * or resumed job continues where the last one stopped.
 */
export async function runKnowledgeImport(runtime: ImportRuntime, job: ScheduledJob): Promise<void> {
  const tenantId = Number(job.tenantId);
  const importId = Number(job.payload?.importId);
  if (!Number.isInteger(tenantId) || !Number.isInteger(importId)) throw new Error(`knowledge.import job needs tenantId and payload.importId, got ${JSON.stringify(job)}`);
  const batch = await KnowledgeImport.findOne({ where: { tenantId, id: importId } });
  if (!batch || batch.status === 'done') return;
  await KnowledgeImport.update({ status: 'running' }, { where: { tenantId, id: importId } });
  const catalog = await loadProductCatalog(tenantId);
  const pending = await KnowledgeImportFile.findAll({ where: { tenantId, importId, status: 'pending' }, attributes: ['id', 'position'], order: [['position', 'ASC']] });
  for (const { id } of pending) {
    const file = await KnowledgeImportFile.findOne({ where: { tenantId, id } });
    if (!file || file.status !== 'pending') continue;
    await importFile(runtime, batch, file, catalog);
  }
  await KnowledgeImport.update({ status: 'done' }, { where: { tenantId, id: importId } });
  runtime.logger.info({ tenantId, importId }, 'knowledge import finished');
}
