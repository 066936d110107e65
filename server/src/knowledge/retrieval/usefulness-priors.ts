import type { Logger } from '../../logger';
import { collectEntryOutcomes } from '../learning/entry-outcomes';
import { usefulnessOf, usefulnessSince } from '../learning/entry-usefulness';

/** Per entry id, what its search score is multiplied by; entries without evidence are absent (1). */
export type RankingFactors = ReadonlyMap<number, number>;

export interface RankingPriors {
  factorsFor(tenantId: number): Promise<RankingFactors>;
  /** New feedback in this process: resolves once searches rank with it. */
  refresh(tenantId: number): Promise<void>;
}

interface CachedFactors {
  factors: RankingFactors;
  loadedAt: number;
  loading: Promise<RankingFactors> | null;
  /** A reload asked for while one runs (it may have read the votes before the new one): runs after it. */
  queued: Promise<RankingFactors> | null;
}

/**
 * Feedback from other processes (a worker answering while the HTTP process takes votes), and
 * handoffs and closings, which do not call refresh(), reach the ranking within this long.
 */
const REFRESH_MS = 60_000;

export async function loadRankingFactors(tenantId: number): Promise<RankingFactors> {
  const factors = new Map<number, number>();
  for (const [entryId, outcome] of await collectEntryOutcomes(tenantId, usefulnessSince())) {
    const { rankingFactor } = usefulnessOf(outcome);
    if (rankingFactor !== 1) factors.set(entryId, rankingFactor);
  }
  return factors;
}

/**
 * Entry usefulness from 👍/👎 and resolution outcomes as a ranking prior, cached per tenant: a
 * search reads a Map and never waits for the database (except a tenant's very first search in the
 * process). Reloads (150–300 ms at 5,000 answers on SQLite) run beside the searches, which keep the
 * previous factors until the new ones are in. The index itself is untouched: no re-index on a vote.
 */
export class UsefulnessPriors implements RankingPriors {
  private readonly cache = new Map<number, CachedFactors>();

  constructor(
    private readonly logger: Logger,
    private readonly load: (tenantId: number) => Promise<RankingFactors> = loadRankingFactors,
  ) {}

  async factorsFor(tenantId: number): Promise<RankingFactors> {
    const cached = this.cache.get(tenantId);
    if (!cached) {
      const fresh: CachedFactors = { factors: new Map(), loadedAt: 0, loading: null, queued: null };
      this.cache.set(tenantId, fresh);
      return this.startLoad(tenantId, fresh);
    }
    if (cached.loadedAt === 0 && cached.loading) return cached.loading;
    if (!cached.loading && Date.now() - cached.loadedAt >= REFRESH_MS) void this.startLoad(tenantId, cached);
    return cached.factors;
  }

  /** The vote's sender waits for the reload, so the shopper asking next does not. */
  async refresh(tenantId: number): Promise<void> {
    const cached = this.cache.get(tenantId);
    // No search of this tenant yet in this process: its first search reads everything anyway.
    if (!cached) return;
    if (!cached.loading) {
      await this.startLoad(tenantId, cached);
      return;
    }
    const running = cached.loading;
    cached.queued ??= running.then(() => {
      cached.queued = null;
      return this.startLoad(tenantId, cached);
    });
    await cached.queued;
  }

  private startLoad(tenantId: number, cached: CachedFactors): Promise<RankingFactors> {
    const loading = this.load(tenantId).then(
      (factors) => {
        Object.assign(cached, { factors, loadedAt: Date.now(), loading: null });
        return factors;
      },
      (error: unknown) => {
        // Ranking without the latest feedback beats not answering: keep the last factors, retry later.
        this.logger.warn({ err: error, tenantId }, 'entry usefulness could not be read; ranking without the latest feedback');
        Object.assign(cached, { loadedAt: Date.now(), loading: null });
        return cached.factors;
      },
    );
    cached.loading = loading;
    return loading;
  }
}

/** Scores times each entry's factor, re-sorted; the list is returned as is when no entry has evidence. */
export function applyRankingFactors<C extends { doc: number; score: number }>(ranked: C[], factors: RankingFactors, entryIdOf: (doc: number) => number): C[] {
  if (factors.size === 0) return ranked;
  return ranked
    .map((c) => {
      const factor = factors.get(entryIdOf(c.doc));
      return factor === undefined ? c : { ...c, score: c.score * factor };
    })
    .sort((a, b) => b.score - a.score || a.doc - b.doc);
}
