import { randomBytes } from 'node:crypto';
import { Tenant } from '../auth/models';
import { KnowledgeEntry } from '../knowledge/models';
import type { Embedder } from '../knowledge/retrieval/embedder';
import { defaultStagesFor } from '../knowledge/retrieval/default-stages';
import { KnowledgeRetriever } from '../knowledge/retrieval/knowledge-retriever';
import type { Runtime } from '../runtime';
import type { EvalDoc } from './kb-eval-input';

export interface EvalTenant {
  tenantId: number;
  tenantKey: string;
  retriever: KnowledgeRetriever;
  indexMs: number;
  importMs: number;
}

const TITLE_MAX = 300;

/** A doc without a title is a question-style entry: its text (cut to the column size) is the question. */
function titleOf(doc: EvalDoc): string {
  const title = doc.title?.trim() || doc.text.trim();
  return Array.from(title).slice(0, TITLE_MAX).join('');
}

/**
 * Runs `work` against a throwaway tenant holding `docs` as knowledge entries, imported and indexed
 * through the product's own path, and removes the tenant, its entries and its Chroma collection
 * afterwards whether `work` succeeds or throws.
 */
export async function withEvalTenant<R>(runtime: Runtime, embedder: Embedder, docs: EvalDoc[], work: (tenant: EvalTenant) => Promise<R>): Promise<R> {
  const tenantKey = `kb-eval-${randomBytes(6).toString('hex')}`;
  const tenant = await Tenant.create({ key: tenantKey, name: 'kb-eval (temporary)', orderNumberPattern: null });
  const tenantId = Number(tenant.id);
  // The stages that answer shoppers with this embedder: the evaluation measures what shoppers get.
  const retriever = new KnowledgeRetriever({ vectors: runtime.vectors, embedder, logger: runtime.logger, defaultStages: defaultStagesFor(embedder) });
  try {
    const importStarted = performance.now();
    await KnowledgeEntry.bulkCreate(
      docs.map((doc) => ({ tenantId, slug: doc.id, title: titleOf(doc), answer: doc.text, tags: doc.tags ?? [], keywords: doc.keywords ?? [], similarQuestions: doc.similarQuestions ?? [] })),
    );
    const importMs = performance.now() - importStarted;
    const indexStarted = performance.now();
    await retriever.indexTenant(tenantId);
    const indexMs = performance.now() - indexStarted;
    return await work({ tenantId, tenantKey, retriever, indexMs, importMs });
  } finally {
    // Each step on its own: a failure in one must not leave the others undone.
    await retriever.dropTenant(tenantId).catch((error: unknown) => runtime.logger.error({ err: error, tenantId }, 'kb-eval: could not drop the Chroma collection'));
    await KnowledgeEntry.destroy({ where: { tenantId } }).catch((error: unknown) => runtime.logger.error({ err: error, tenantId }, 'kb-eval: could not delete entries'));
    await Tenant.destroy({ where: { id: tenantId } }).catch((error: unknown) => runtime.logger.error({ err: error, tenantId }, 'kb-eval: could not delete the tenant'));
  }
}
