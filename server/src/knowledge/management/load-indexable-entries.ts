import { Op } from 'sequelize';
import { KnowledgeEntry, KnowledgeRevision } from '../models';

export interface IndexableEntry {
  entryId: number;
  slug: string;
  title: string;
  answer: string;
  tags: string[];
  keywords: string[];
  similarQuestions: string[];
  /** The served revision number; with entryId it identifies exactly what was indexed. */
  revision: number;
  category: string | null;
  productIds: number[];
  /** When this stops being valid (promotions), so an index can schedule its own refresh. */
  validUntil: Date | null;
}

function validAt(now: Date, from: Date | null | undefined, until: Date | null | undefined): boolean {
  return (!from || from.getTime() <= now.getTime()) && (!until || until.getTime() > now.getTime());
}

/**
 * What retrieval may answer from: for each entry of the tenant, its published revision when `now`
 * falls inside the revision's validity window [validFrom, validUntil). Drafts, revisions in review,
 * archived entries and expired promotions are left out. Heads written straight to the table without
 * history (the demo seed runs after migration 0002) are served as they are, as revision `version`.
 */
export async function loadIndexableEntries(tenantId: number, now: Date = new Date()): Promise<IndexableEntry[]> {
  const [revisions, heads] = await Promise.all([
    KnowledgeRevision.findAll({
      where: {
        tenantId,
        status: 'published',
        [Op.and]: [
          { [Op.or]: [{ validFrom: null }, { validFrom: { [Op.lte]: now } }] },
          { [Op.or]: [{ validUntil: null }, { validUntil: { [Op.gt]: now } }] },
        ],
      },
      order: [['entryId', 'ASC']],
    }),
    KnowledgeEntry.findAll({ where: { tenantId }, attributes: ['id', 'slug', 'latestRevision', 'publishedRevision'] }),
  ]);
  const headById = new Map(heads.map((h) => [Number(h.id), h]));
  const result: IndexableEntry[] = [];
  for (const r of revisions) {
    const head = headById.get(Number(r.entryId));
    // The head is the source of truth for which revision is served; a stray published row is ignored.
    if (!head || head.publishedRevision !== r.revision) continue;
    result.push({
      entryId: Number(r.entryId),
      slug: head.slug,
      title: r.title,
      answer: r.answer,
      tags: r.tags,
      keywords: r.keywords,
      similarQuestions: r.similarQuestions,
      revision: r.revision,
      category: r.category ?? null,
      productIds: r.productIds,
      validUntil: r.validUntil ?? null,
    });
  }
  const legacyIds = heads.filter((h) => h.latestRevision === 0).map((h) => h.id);
  if (legacyIds.length > 0) {
    const legacy = await KnowledgeEntry.findAll({ where: { tenantId, id: legacyIds } });
    for (const e of legacy) {
      if (!validAt(now, e.validFrom, e.validUntil)) continue;
      result.push({
        entryId: Number(e.id),
        slug: e.slug,
        title: e.title,
        answer: e.answer,
        tags: e.tags,
        keywords: e.keywords,
        similarQuestions: e.similarQuestions,
        revision: e.version,
        category: e.category ?? null,
        productIds: [],
        validUntil: e.validUntil ?? null,
      });
    }
  }
  return result.sort((a, b) => a.entryId - b.entryId);
}
