import { contentOf } from './revision-content';
import type { KnowledgeEntry, KnowledgeRevision, RevisionStatus } from '../models';

export interface EntryView {
  id: number;
  slug: string;
  title: string;
  answer: string;
  tags: string[];
  keywords: string[];
  similarQuestions: string[];
  category: string | null;
  version: number;
  latestRevision: number;
  publishedRevision: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RevisionView {
  entryId: number;
  revision: number;
  status: RevisionStatus;
  title: string;
  answer: string;
  tags: string[];
  keywords: string[];
  similarQuestions: string[];
  category: string | null;
  productIds: number[];
  validFrom: Date | null;
  validUntil: Date | null;
  authorUserId: number | null;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The console's view of an entry head: what is served now and how far its history goes. */
export function toEntryView(entry: KnowledgeEntry): EntryView {
  return {
    id: Number(entry.id),
    slug: entry.slug,
    title: entry.title,
    answer: entry.answer,
    tags: entry.tags,
    keywords: entry.keywords,
    similarQuestions: entry.similarQuestions,
    category: entry.category ?? null,
    version: entry.version,
    latestRevision: entry.latestRevision,
    publishedRevision: entry.publishedRevision ?? null,
    validFrom: entry.validFrom ?? null,
    validUntil: entry.validUntil ?? null,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
  };
}

export function toRevisionView(revision: KnowledgeRevision): RevisionView {
  return {
    entryId: Number(revision.entryId),
    revision: revision.revision,
    status: revision.status,
    ...contentOf(revision),
    authorUserId: revision.authorUserId === null || revision.authorUserId === undefined ? null : Number(revision.authorUserId),
    note: revision.note ?? null,
    createdAt: revision.createdAt,
    updatedAt: revision.updatedAt,
  };
}
