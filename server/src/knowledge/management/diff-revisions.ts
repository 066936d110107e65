import type { KnowledgeRevision } from '../models';
import { diffText, type DiffPart } from './diff-text';
import { findRevision } from './locked-entry';

function listChange(before: string[], after: string[]): { added: string[]; removed: string[] } {
  return { added: after.filter((x) => !before.includes(x)), removed: before.filter((x) => !after.includes(x)) };
}

function valueChange<T>(before: T, after: T): { before: T; after: T; changed: boolean } {
  return { before, after, changed: JSON.stringify(before) !== JSON.stringify(after) };
}

export interface RevisionDiff {
  entryId: number;
  from: number;
  to: number;
  title: DiffPart[];
  answer: DiffPart[];
  tags: { added: string[]; removed: string[] };
  keywords: { added: string[]; removed: string[] };
  similarQuestions: { added: string[]; removed: string[] };
  productIds: { added: number[]; removed: number[] };
  category: ReturnType<typeof valueChange<string | null>>;
  validFrom: ReturnType<typeof valueChange<Date | null>>;
  validUntil: ReturnType<typeof valueChange<Date | null>>;
}

function compare(a: KnowledgeRevision, b: KnowledgeRevision): RevisionDiff {
  return {
    entryId: a.entryId,
    from: a.revision,
    to: b.revision,
    title: diffText(a.title, b.title, 'char'),
    answer: diffText(a.answer, b.answer, 'line'),
    tags: listChange(a.tags, b.tags),
    keywords: listChange(a.keywords, b.keywords),
    similarQuestions: listChange(a.similarQuestions, b.similarQuestions),
    productIds: {
      added: b.productIds.filter((x) => !a.productIds.includes(x)),
      removed: a.productIds.filter((x) => !b.productIds.includes(x)),
    },
    category: valueChange(a.category ?? null, b.category ?? null),
    validFrom: valueChange(a.validFrom ?? null, b.validFrom ?? null),
    validUntil: valueChange(a.validUntil ?? null, b.validUntil ?? null),
  };
}

/** What changed from revision `from` to revision `to` of one entry, field by field. */
export async function diffRevisions(tenantId: number, entryId: number, from: number, to: number): Promise<RevisionDiff> {
  const [a, b] = await Promise.all([findRevision(tenantId, entryId, from), findRevision(tenantId, entryId, to)]);
  return compare(a, b);
}
