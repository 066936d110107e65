import { NotFoundError } from '@kefu/shared';
import type { Transaction } from 'sequelize';
import { KnowledgeEntry, KnowledgeRevision } from '../models';

/**
 * Reads an entry head for a write, locked for the transaction (FOR UPDATE on MySQL; SQLite's
 * IMMEDIATE transactions already serialise writers), so the revision counter cannot race. A head
 * without history (written straight to the table, like the demo seed after migration 0002) gets its
 * content recorded as published revision 1 first, so every write below can assume history exists.
 * Another tenant's entry is "not found", exactly like a missing one.
 */
export async function lockEntry(tenantId: number, entryId: number, transaction: Transaction): Promise<KnowledgeEntry> {
  const entry = await KnowledgeEntry.findOne({ where: { tenantId, id: entryId }, transaction, lock: transaction.LOCK.UPDATE });
  if (!entry) throw new NotFoundError(`knowledge entry ${entryId} not found`);
  if (entry.latestRevision === 0) {
    await KnowledgeRevision.create(
      {
        tenantId,
        entryId: entry.id,
        revision: 1,
        title: entry.title,
        answer: entry.answer,
        tags: entry.tags,
        keywords: entry.keywords,
        similarQuestions: entry.similarQuestions,
        category: entry.category ?? null,
        productIds: [],
        status: 'published',
        validFrom: entry.validFrom ?? null,
        validUntil: entry.validUntil ?? null,
        authorUserId: null,
        note: 'recorded from the entry as it was served',
      },
      { transaction },
    );
    await entry.update({ latestRevision: 1, publishedRevision: 1 }, { transaction });
  }
  return entry;
}

export async function findRevision(tenantId: number, entryId: number, revision: number, transaction?: Transaction): Promise<KnowledgeRevision> {
  const row = await KnowledgeRevision.findOne({ where: { tenantId, entryId, revision }, transaction });
  if (!row) throw new NotFoundError(`revision ${revision} of knowledge entry ${entryId} not found`);
  return row;
}
