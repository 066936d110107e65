import { Op, col, fn, where, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import { NotFoundError } from '@kefu/shared';
import { KnowledgeEntry, KnowledgeRelation, KnowledgeRevision } from '../models';
import { lockEntry } from './locked-entry';

export interface ListEntriesQuery {
  q?: string;
  category?: string;
  /** published: served now (ignoring validity windows); unpublished: drafts and archived entries. */
  state?: 'published' | 'unpublished';
  limit: number;
  offset: number;
}

/**
 * Substring match with INSTR (same in MySQL and SQLite) rather than LIKE: "100%棉" must match
 * literally, and LIKE escaping differs between the dialects (SQLite has no default escape character).
 */
function contains(column: string, text: string) {
  return where(fn('instr', col(column), text), Op.gt, 0);
}

export async function listEntries(tenantId: number, query: ListEntriesQuery): Promise<{ total: number; entries: KnowledgeEntry[] }> {
  const conditions: WhereOptions<KnowledgeEntry>[] = [];
  if (query.q) {
    const q = query.q;
    conditions.push({ [Op.or]: [contains('title', q), contains('answer', q), contains('slug', q)] });
  }
  if (query.category) conditions.push({ category: query.category });
  // Legacy heads (latestRevision 0) are served, so they count as published.
  if (query.state === 'published') conditions.push({ [Op.or]: [{ publishedRevision: { [Op.ne]: null } }, { latestRevision: 0 }] });
  if (query.state === 'unpublished') conditions.push({ publishedRevision: null, latestRevision: { [Op.gt]: 0 } });
  const where = { tenantId, ...(conditions.length > 0 ? { [Op.and]: conditions } : {}) };
  const { count, rows } = await KnowledgeEntry.findAndCountAll({ where, order: [['id', 'DESC']], limit: query.limit, offset: query.offset });
  return { total: count, entries: rows };
}

/**
 * An entry and its whole history, newest first. Legacy heads get their revision 1 recorded on first
 * read, so the console always has a revision to base an edit on.
 */
export async function getEntryWithRevisions(sequelize: Sequelize, tenantId: number, entryId: number): Promise<{ entry: KnowledgeEntry; revisions: KnowledgeRevision[] }> {
  let entry = await KnowledgeEntry.findOne({ where: { tenantId, id: entryId } });
  if (!entry) throw new NotFoundError(`knowledge entry ${entryId} not found`);
  if (entry.latestRevision === 0) entry = await sequelize.transaction((transaction) => lockEntry(tenantId, entryId, transaction));
  const revisions = await KnowledgeRevision.findAll({ where: { tenantId, entryId }, order: [['revision', 'DESC']] });
  return { entry, revisions };
}

/** Deletes the entry, its history and every relation naming it. Returns the head as it was, for the audit row. */
export async function deleteEntry(tenantId: number, entryId: number, transaction: Transaction): Promise<KnowledgeEntry> {
  const entry = await KnowledgeEntry.findOne({ where: { tenantId, id: entryId }, transaction, lock: transaction.LOCK.UPDATE });
  if (!entry) throw new NotFoundError(`knowledge entry ${entryId} not found`);
  await KnowledgeRelation.destroy({
    where: { tenantId, [Op.or]: [{ fromType: 'entry', fromId: entryId }, { toType: 'entry', toId: entryId }] },
    transaction,
  });
  await KnowledgeRevision.destroy({ where: { tenantId, entryId }, transaction });
  await entry.destroy({ transaction });
  return entry;
}
