import { ConflictError } from '@kefu/shared';
import type { Transaction } from 'sequelize';
import { KnowledgeRevision, type KnowledgeEntry, type RevisionStatus } from '../models';
import { toRevisionView } from './entry-views';
import { findRevision, lockEntry } from './locked-entry';
import { contentOf, type RevisionAuthor, type RevisionContent } from './revision-content';
import { StaleRevisionError } from './stale-revision-error';

/**
 * The editing workflow of one entry. Every function takes the caller's transaction so the route can
 * write its audit row in the same commit, and locks the entry head first so concurrent edits of the
 * same entry queue up instead of interleaving.
 */


async function appendRevision(entry: KnowledgeEntry, content: RevisionContent, author: RevisionAuthor, note: string | null, transaction: Transaction): Promise<KnowledgeRevision> {
  const revision = await KnowledgeRevision.create(
    { tenantId: entry.tenantId, entryId: entry.id, revision: entry.latestRevision + 1, ...content, status: 'draft', authorUserId: author.userId, note },
    { transaction },
  );
  await entry.update({ latestRevision: revision.revision }, { transaction });
  return revision;
}

function requireStatus(revision: KnowledgeRevision, allowed: RevisionStatus[], action: string): void {
  if (!allowed.includes(revision.status)) {
    throw new ConflictError(`cannot ${action} revision ${revision.revision}: it is ${revision.status} (needs ${allowed.join(' or ')})`);
  }
}

/**
 * Makes `revision` the served one: the previously published revision is archived (one served
 * revision per entry keeps loadIndexableEntries a plain query), and its content is copied into the
 * head with `version` bumped so caches and indexes keyed on it notice the change.
 */
export async function makeRevisionPublished(entry: KnowledgeEntry, revision: KnowledgeRevision, transaction: Transaction): Promise<KnowledgeRevision> {
  const previous = entry.publishedRevision;
  if (previous !== null && previous !== undefined && previous !== revision.revision) {
    await KnowledgeRevision.update({ status: 'archived' }, { where: { tenantId: entry.tenantId, entryId: entry.id, revision: previous }, transaction });
  }
  await revision.update({ status: 'published' }, { transaction });
  await entry.update(
    {
      title: revision.title,
      answer: revision.answer,
      tags: revision.tags,
      keywords: revision.keywords,
      similarQuestions: revision.similarQuestions,
      category: revision.category ?? null,
      validFrom: revision.validFrom ?? null,
      validUntil: revision.validUntil ?? null,
      publishedRevision: revision.revision,
      version: entry.version + 1,
    },
    { transaction },
  );
  return revision;
}

/** An edit: a new draft revision on top of the latest. `baseRevision` must be the latest, else 409. */
export async function reviseEntry(
  tenantId: number,
  entryId: number,
  baseRevision: number,
  changes: Partial<RevisionContent>,
  author: RevisionAuthor,
  note: string | null,
  transaction: Transaction,
): Promise<KnowledgeRevision> {
  const entry = await lockEntry(tenantId, entryId, transaction);
  const latest = await findRevision(tenantId, entryId, entry.latestRevision, transaction);
  if (baseRevision !== entry.latestRevision) throw new StaleRevisionError(baseRevision, toRevisionView(latest));
  return appendRevision(entry, { ...contentOf(latest), ...changes }, author, note, transaction);
}

export async function submitRevision(tenantId: number, entryId: number, revisionNo: number, transaction: Transaction): Promise<KnowledgeRevision> {
  await lockEntry(tenantId, entryId, transaction);
  const revision = await findRevision(tenantId, entryId, revisionNo, transaction);
  requireStatus(revision, ['draft'], 'submit');
  return revision.update({ status: 'in_review' }, { transaction });
}

/** Admins may publish a draft directly (skipping review) or a revision in review. */
export async function publishRevision(tenantId: number, entryId: number, revisionNo: number, transaction: Transaction): Promise<{ entry: KnowledgeEntry; revision: KnowledgeRevision }> {
  const entry = await lockEntry(tenantId, entryId, transaction);
  const revision = await findRevision(tenantId, entryId, revisionNo, transaction);
  requireStatus(revision, ['draft', 'in_review'], 'publish');
  await makeRevisionPublished(entry, revision, transaction);
  return { entry, revision };
}

/** Archiving the served revision takes the entry off the air until something is published again. */
export async function archiveRevision(tenantId: number, entryId: number, revisionNo: number, transaction: Transaction): Promise<{ entry: KnowledgeEntry; revision: KnowledgeRevision }> {
  const entry = await lockEntry(tenantId, entryId, transaction);
  const revision = await findRevision(tenantId, entryId, revisionNo, transaction);
  requireStatus(revision, ['draft', 'in_review', 'published'], 'archive');
  const wasServed = revision.status === 'published' && entry.publishedRevision === revision.revision;
  await revision.update({ status: 'archived' }, { transaction });
  if (wasServed) await entry.update({ publishedRevision: null, version: entry.version + 1 }, { transaction });
  return { entry, revision };
}

/**
 * Rollback never rewrites history: it appends a copy of the old revision and publishes it, so the
 * diff from what was served to what is served now stays visible.
 */
export async function rollbackEntry(
  tenantId: number,
  entryId: number,
  toRevision: number,
  author: RevisionAuthor,
  transaction: Transaction,
): Promise<{ entry: KnowledgeEntry; revision: KnowledgeRevision }> {
  const entry = await lockEntry(tenantId, entryId, transaction);
  const target = await findRevision(tenantId, entryId, toRevision, transaction);
  const revision = await appendRevision(entry, contentOf(target), author, `rollback to revision ${toRevision}`, transaction);
  await makeRevisionPublished(entry, revision, transaction);
  return { entry, revision };
}
