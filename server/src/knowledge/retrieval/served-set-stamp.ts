import { fn, col, Op } from 'sequelize';
import { KnowledgeEntry, KnowledgeRevision } from '../models';

/** How the retriever learns that a tenant's served knowledge changed, possibly in another process. */
export interface KnowledgeFreshness {
  /** Changes whenever an entry is created, edited, published, rolled back, archived or deleted. */
  stamp(tenantId: number): Promise<string>;
  /** The next instant a validity window opens or closes, after which the served set differs. */
  nextValidityChange(tenantId: number, now: Date): Promise<Date | null>;
}

function earliest(...dates: unknown[]): Date | null {
  const times = dates.filter((d) => d !== null && d !== undefined).map((d) => new Date(d as string | Date).getTime());
  return times.length === 0 ? null : new Date(Math.min(...times));
}

/**
 * Freshness read from the database: every workflow step (publish, rollback, archive, delete, import)
 * writes the entry head, so count + latest update + version sum over the heads moves with each one.
 */
export const databaseFreshness: KnowledgeFreshness = {
  async stamp(tenantId) {
    const row = (await KnowledgeEntry.findOne({
      where: { tenantId },
      attributes: [
        [fn('COUNT', col('id')), 'entries'],
        [fn('MAX', col('updated_at')), 'updated'],
        [fn('SUM', col('version')), 'versions'],
      ],
      raw: true,
    })) as unknown as { entries: number | string; updated: unknown; versions: number | string | null } | null;
    if (!row) return 'empty';
    const updated = row.updated ? new Date(row.updated as string).getTime() : 0;
    return `${Number(row.entries)}:${updated}:${Number(row.versions ?? 0)}`;
  },

  async nextValidityChange(tenantId, now) {
    const [opening, closing, legacyOpening, legacyClosing] = await Promise.all([
      KnowledgeRevision.min('validFrom', { where: { tenantId, status: 'published', validFrom: { [Op.gt]: now } } }),
      KnowledgeRevision.min('validUntil', { where: { tenantId, status: 'published', validUntil: { [Op.gt]: now } } }),
      KnowledgeEntry.min('validFrom', { where: { tenantId, latestRevision: 0, validFrom: { [Op.gt]: now } } }),
      KnowledgeEntry.min('validUntil', { where: { tenantId, latestRevision: 0, validUntil: { [Op.gt]: now } } }),
    ]);
    return earliest(opening, closing, legacyOpening, legacyClosing);
  },
};
