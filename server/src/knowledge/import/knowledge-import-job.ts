/** The `kind` of scheduled-queue jobs that run a knowledge import; payload { importId }. */
export const KNOWLEDGE_IMPORT_JOB_KIND = 'knowledge.import';

/** One job per batch: re-adding the same batch (a resume at boot) is a no-op while it is queued. */
export function knowledgeImportJobId(importId: number): string {
  return `${KNOWLEDGE_IMPORT_JOB_KIND}:${importId}`;
}
