import { randomBytes } from 'node:crypto';
import { ConflictError } from '@kefu/shared';
import type { Transaction } from 'sequelize';
import { KnowledgeEntry, KnowledgeRevision } from '../models';
import { makeRevisionPublished } from './revision-workflow';
import type { RevisionAuthor, RevisionContent } from './revision-content';

export interface CreateEntryOptions {
  slug?: string;
  author: RevisionAuthor;
  /** Imports by admins may publish straight away; console creation always starts as a draft. */
  publish?: boolean;
  note?: string | null;
}

/** Slugs are stable handles for integrations; generated ones only need to be unique per tenant. */
function generateSlug(): string {
  return `kb-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/**
 * A new entry: its head and revision 1. The head carries the draft's text only because its columns
 * are NOT NULL; `publishedRevision` stays null, so nothing is served until a publish.
 */
export async function createEntry(
  tenantId: number,
  content: RevisionContent,
  options: CreateEntryOptions,
  transaction: Transaction,
): Promise<{ entry: KnowledgeEntry; revision: KnowledgeRevision }> {
  const slug = options.slug ?? generateSlug();
  const clash = await KnowledgeEntry.findOne({ where: { tenantId, slug }, attributes: ['id'], transaction });
  if (clash) throw new ConflictError(`slug "${slug}" is already used by entry ${clash.id}`);
  const entry = await KnowledgeEntry.create(
    {
      tenantId,
      slug,
      title: content.title,
      answer: content.answer,
      tags: content.tags,
      keywords: content.keywords,
      similarQuestions: content.similarQuestions,
      category: content.category,
      latestRevision: 1,
      publishedRevision: null,
    },
    { transaction },
  );
  let revision = await KnowledgeRevision.create(
    { tenantId, entryId: entry.id, revision: 1, ...content, status: 'draft', authorUserId: options.author.userId, note: options.note ?? null },
    { transaction },
  );
  if (options.publish) revision = await makeRevisionPublished(entry, revision, transaction);
  return { entry, revision };
}
