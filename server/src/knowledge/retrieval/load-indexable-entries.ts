import { loadIndexableEntries as loadServedRevisions } from '../management/load-indexable-entries';
import type { IndexableEntry } from './indexable-entry';

/**
 * What retrieval indexes: the published, currently valid revision of each entry (the management
 * module decides), mapped to the plain shape the indexes use. `version` is the served revision, so
 * a vector hit from an older revision is recognised as stale.
 */
export async function loadIndexableEntries(tenantId: number, now: Date = new Date()): Promise<IndexableEntry[]> {
  const served = await loadServedRevisions(tenantId, now);
  return served.map((entry) => ({
    id: entry.entryId,
    slug: entry.slug,
    title: entry.title,
    answer: entry.answer,
    keywords: entry.keywords,
    similarQuestions: entry.similarQuestions,
    version: entry.revision,
  }));
}
