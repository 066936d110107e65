import type { Logger } from '../../logger';
import type { VectorStore } from '../../vectors/vector-store';
import { tenantCollectionName } from '../../vectors/tenant-collection-name';
import { chunkEntry } from './chunk-entry';
import type { Embedder } from './embedder';
import { estimateConfidence, estimateLexicalConfidence, lexicalConfidenceFeatures } from './estimate-confidence';
import type { IndexableEntry } from './indexable-entry';
import { LexicalIndex } from './lexical-index';
import type { RetrievalResult, RetrievalStages } from './retrieval-result';
import { loadIndexableEntries } from './load-indexable-entries';
import { GramRarity, rerankCandidates, rerankProfileOf, scoreLexicalOnly, type Candidate, type RerankProfile } from './rerank-candidates';
import { databaseFreshness, type KnowledgeFreshness } from './served-set-stamp';
import { chunkFingerprint, deleteCollection, readStoredFingerprints } from './stored-chunk-fingerprints';
import { applyRankingFactors, UsefulnessPriors, type RankingPriors } from './usefulness-priors';

export type { RetrievalResult, RetrievalStages } from './retrieval-result';

export interface RetrieverDeps {
  vectors: VectorStore;
  embedder: Embedder;
  logger: Logger;
  /** Where entries come from; defaults to the database. Benchmarks and tests may pass their own. */
  loadEntries?: (tenantId: number) => Promise<IndexableEntry[]>;
  /** How changes are noticed; defaults to the database when entries come from it, else none (callers re-index). */
  freshness?: KnowledgeFreshness;
  /** The stages a search runs when the caller names none (see defaultStagesFor). */
  defaultStages?: RetrievalStages;
  /** Entry usefulness from feedback, applied after reranking; defaults to the database's when entries come from it, else none. */
  priors?: RankingPriors | null;
}

export interface RetrievedAnswer {
  entryId: number;
  slug: string;
  title: string;
  answer: string;
  /** The served revision answered from. */
  version: number;
  /** The next best results, recorded beside the answer (a low-confidence question lists what it almost matched). */
  runnersUp: RetrievalResult[];
  /** Calibrated probability in [0, 1] that this entry answers the question. */
  confidence: number;
  score: number;
}

/**
 * The best result's entry left the snapshot (expired or unpublished) while the search waited on the
 * embedder or Chroma: it matched, but there is no served revision to answer from.
 */
export interface UnservedMatch {
  unserved: RetrievalResult;
}

/** One tenant's complete, immutable index state; replaced whole on re-index. */
interface TenantSnapshot {
  entries: readonly IndexableEntry[];
  lexical: LexicalIndex;
  docById: Map<number, number>;
  profiles: RerankProfile[];
  rarity: GramRarity;
  /** Stored chunk id → fingerprint: what is in Chroma for this snapshot, so a rebuild embeds only what changed. */
  fingerprints: Map<string, string>;
  collection: string;
  /** The freshness stamp read before loading the entries this snapshot holds. */
  stamp: string | null;
  /** When a validity window opens or closes, the snapshot is outdated even though no row changed. */
  refreshAt: number;
  /** Last time the stamp was compared (ms); mutable so checks are throttled per tenant. */
  checkedAt: number;
}

/** How deep each first-stage list goes before fusion; the reranker looks at their union. */
const LEXICAL_DEPTH = 50;
const VECTOR_DEPTH = 60;
/** Chunks embedded per step; the event loop gets a turn between steps (local embedding is synchronous). */
const EMBED_STEP = 256;
/**
 * How often a search starts a background re-read of the tenant's freshness stamp (one aggregate
 * query). Changes made in this process call invalidate() and are seen at once; changes from another
 * process (the HTTP process publishing while a worker answers) within this long plus one rebuild.
 */
const FRESHNESS_CHECK_MS = 1000;

function collectionSuffix(embedderId: string): string {
  return `kb-${embedderId.replace(/[^A-Za-z0-9-]+/g, '-').replace(/-+$/, '')}`;
}

/**
 * Hybrid knowledge retrieval for the answer step: BM25F over Chinese-aware terms in memory, vectors
 * in Chroma (one collection per tenant per embedder), fused by reciprocal rank and reranked by a few
 * whole-entry features. Lexical state is a per-tenant snapshot swapped by reference, so searches
 * during a re-index see the old or the new index, never a half-built one; vector hits are mapped
 * through the snapshot, so chunks of deleted or outdated entries can never surface.
 */
export class KnowledgeRetriever {
  private readonly snapshots = new Map<number, TenantSnapshot>();
  /** Per tenant, the tail of the index operations so two re-indexes never interleave. */
  private readonly indexing = new Map<number, Promise<unknown>>();
  private readonly logger: Logger;
  private readonly freshness?: KnowledgeFreshness;
  private readonly priors: RankingPriors | null;
  readonly defaultStages: RetrievalStages;

  constructor(private readonly deps: RetrieverDeps) {
    this.logger = deps.logger.child({ component: 'knowledge-retrieval' });
    this.freshness = deps.freshness ?? (deps.loadEntries ? undefined : databaseFreshness);
    this.defaultStages = deps.defaultStages ?? 'full';
    this.priors = deps.priors !== undefined ? deps.priors : deps.loadEntries ? null : new UsefulnessPriors(this.logger);
  }

  get embedderId(): string {
    return this.deps.embedder.id;
  }

  /** Makes the next search of the tenant check for changes now instead of within a second. */
  invalidate(tenantId: number): void {
    const snapshot = this.snapshots.get(tenantId);
    if (snapshot) snapshot.checkedAt = 0;
  }

  /** A vote was recorded in this process: resolves once searches rank with it. */
  async feedbackChanged(tenantId: number): Promise<void> {
    await this.priors?.refresh(tenantId);
  }

  collectionFor(tenantId: number): string {
    return tenantCollectionName(String(tenantId), collectionSuffix(this.deps.embedder.id));
  }

  indexTenant(tenantId: number): Promise<{ entries: number }> {
    const previous = this.indexing.get(tenantId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.rebuild(tenantId));
    this.indexing.set(tenantId, next);
    return next;
  }

  async search(tenantId: number, query: string, k = 10, stages: RetrievalStages = this.defaultStages): Promise<RetrievalResult[]> {
    const snapshot = await this.snapshotFor(tenantId);
    if (!query.trim() || snapshot.entries.length === 0 || k <= 0) return [];
    const candidates = new Map<number, Candidate>();
    if (stages !== 'vector') {
      snapshot.lexical.search(query, LEXICAL_DEPTH).forEach((hit, i) => candidates.set(hit.doc, { doc: hit.doc, lexicalRank: i + 1, lexicalScore: hit.score }));
    }
    if (stages !== 'lexical') {
      for (const hit of await this.vectorSearch(tenantId, snapshot, query)) {
        const candidate = candidates.get(hit.doc) ?? { doc: hit.doc };
        candidates.set(hit.doc, { ...candidate, vectorRank: hit.rank, vectorSimilarity: hit.similarity });
      }
    }
    const reranked =
      stages === 'lexical' ? scoreLexicalOnly(query, [...candidates.values()], snapshot.profiles, snapshot.rarity) : rerankCandidates(query, [...candidates.values()], snapshot.profiles, stages === 'full');
    // Feedback nudges close candidates; a tenant without any (kb-eval's) gets the reranker's list unchanged.
    const factors = this.priors ? await this.priors.factorsFor(tenantId) : new Map<number, number>();
    const ranked = applyRankingFactors(reranked, factors, (doc) => snapshot.entries[doc].id);
    return ranked.slice(0, k).map((c) => {
      const entry = snapshot.entries[c.doc];
      const matchedBy: ('lexical' | 'vector')[] = [];
      if (c.lexicalRank !== undefined) matchedBy.push('lexical');
      if (c.vectorRank !== undefined) matchedBy.push('vector');
      const lexicalFeatures = { ...(c.coverage !== undefined ? { coverage: c.coverage } : {}), ...(c.characterSimilarity !== undefined ? { characterSimilarity: c.characterSimilarity } : {}) };
      return { entryId: entry.id, slug: entry.slug, version: entry.version, score: Number(c.score.toFixed(4)), matchedBy, ...lexicalFeatures };
    });
  }

  /** The best entry for a shopper's question and how sure we are; null when nothing matched at all. */
  async answer(tenantId: number, question: string): Promise<RetrievedAnswer | UnservedMatch | null> {
    const results = await this.search(tenantId, question, 3);
    const [best, second] = results;
    if (!best) return null;
    const snapshot = await this.snapshotFor(tenantId);
    const entry = snapshot.entries[snapshot.docById.get(best.entryId) ?? -1];
    if (!entry) return { unserved: best };
    const confidence =
      this.defaultStages === 'lexical' ? estimateLexicalConfidence(lexicalConfidenceFeatures(results)) : estimateConfidence(best.score, second?.score ?? 0, this.defaultStages);
    return {
      entryId: entry.id,
      slug: entry.slug,
      version: entry.version,
      title: entry.title,
      answer: entry.answer,
      confidence: Number(confidence.toFixed(4)),
      score: best.score,
      runnersUp: results.slice(1),
    };
  }

  /** The served revisions of these entries (the ones a search just returned), for composing an answer from them. */
  async servedEntries(tenantId: number, entryIds: number[]): Promise<IndexableEntry[]> {
    const snapshot = await this.snapshotFor(tenantId);
    return entryIds.map((id) => snapshot.entries[snapshot.docById.get(id) ?? -1]).filter((entry): entry is IndexableEntry => entry !== undefined);
  }

  /** Forgets a tenant: its in-memory index and its Chroma collection for this embedder. */
  async dropTenant(tenantId: number): Promise<void> {
    await (this.indexing.get(tenantId) ?? Promise.resolve()).catch(() => undefined);
    this.snapshots.delete(tenantId);
    this.indexing.delete(tenantId);
    await deleteCollection(this.deps.vectors.url, this.collectionFor(tenantId));
  }

  private async snapshotFor(tenantId: number): Promise<TenantSnapshot> {
    const ready = this.snapshots.get(tenantId);
    if (ready && !(await this.isOutdated(tenantId, ready))) return ready;
    if (ready) {
      // Searches keep being answered from `ready` by whoever does not wait; this one waits for the swap.
      await this.indexTenant(tenantId);
      return this.snapshots.get(tenantId) ?? ready;
    }
    // First search of a tenant in this process: build (or join the build already running).
    await (this.indexing.get(tenantId) ?? this.indexTenant(tenantId));
    const built = this.snapshots.get(tenantId);
    if (!built) throw new Error(`knowledge index for tenant ${tenantId} could not be built`);
    return built;
  }

  private async isOutdated(tenantId: number, snapshot: TenantSnapshot): Promise<boolean> {
    const now = Date.now();
    if (now >= snapshot.refreshAt) {
      // One search triggers the rebuild; the others keep the current snapshot until the swap.
      snapshot.refreshAt = Number.POSITIVE_INFINITY;
      return true;
    }
    if (!this.freshness) return false;
    // invalidate() means "this process just changed it": the caller must see the change, so it waits.
    if (snapshot.checkedAt === 0) {
      snapshot.checkedAt = now;
      return (await this.freshness.stamp(tenantId)) !== snapshot.stamp;
    }
    if (now - snapshot.checkedAt >= FRESHNESS_CHECK_MS) {
      snapshot.checkedAt = now;
      this.checkInBackground(tenantId, snapshot);
    }
    return false;
  }

  /**
   * The periodic check for changes made by other processes runs beside the search, not in it: the
   * aggregate over the tenant's entries took 5–160 ms at 10,000 entries and was the whole p99 of
   * search latency. A change found here starts the rebuild; searches keep the old snapshot until the swap.
   */
  private checkInBackground(tenantId: number, snapshot: TenantSnapshot): void {
    const freshness = this.freshness;
    if (!freshness) return;
    freshness
      .stamp(tenantId)
      .then(async (stamp) => {
        if (stamp === snapshot.stamp || this.snapshots.get(tenantId) !== snapshot) return;
        // No further checks of this snapshot while its replacement is built (a rebuild can outlast a second).
        snapshot.checkedAt = Number.POSITIVE_INFINITY;
        await this.indexTenant(tenantId);
      })
      .catch((error: unknown) => {
        snapshot.checkedAt = Date.now();
        this.logger.warn({ err: error, tenantId }, 'knowledge freshness check or rebuild failed; will retry on a later search');
      });
  }

  private async vectorSearch(tenantId: number, snapshot: TenantSnapshot, query: string): Promise<{ doc: number; rank: number; similarity: number }[]> {
    try {
      const [embedding] = await this.deps.embedder.embed([query]);
      // Isolation is the per-tenant collection; tenantId is checked again on the way out rather than
      // sent as a Chroma `where`, which makes Chroma pre-filter and doubled query time (60 → 28 ms at 4k entries).
      const matches = await this.deps.vectors.query(snapshot.collection, embedding, VECTOR_DEPTH);
      const best = new Map<number, number>();
      for (const match of matches) {
        if (Number(match.metadata?.tenantId) !== tenantId) continue;
        const entryId = Number(match.metadata?.entryId);
        const doc = snapshot.docById.get(entryId);
        // Chunks of an entry that is gone or of an older version are leftovers, not answers.
        if (doc === undefined || Number(match.metadata?.version) !== snapshot.entries[doc].version) continue;
        const similarity = 1 - match.distance;
        if (!best.has(doc) || similarity > (best.get(doc) ?? -Infinity)) best.set(doc, similarity);
      }
      return [...best.entries()].sort((a, b) => b[1] - a[1]).map(([doc, similarity], i) => ({ doc, rank: i + 1, similarity }));
    } catch (error) {
      // Chroma down or the model unreachable: answer from the lexical side alone rather than not at all.
      this.logger.warn({ err: error, tenantId }, 'vector search failed, using lexical results only');
      return [];
    }
  }

  private async rebuild(tenantId: number): Promise<{ entries: number }> {
    const started = Date.now();
    const now = new Date();
    // The stamp is read before the entries: a change racing the load shows up as a newer stamp next time.
    const stamp = this.freshness ? await this.freshness.stamp(tenantId) : null;
    const loadEntries = this.deps.loadEntries ?? loadIndexableEntries;
    const entries = await loadEntries(tenantId);
    const lexical = LexicalIndex.build(entries);
    const collection = this.collectionFor(tenantId);
    const previous = this.snapshots.get(tenantId);
    const stored = previous ? previous.fingerprints : await readStoredFingerprints(this.deps.vectors.url, collection);
    // The version is part of the id, so a new revision's vectors are written beside the old ones,
    // which keep serving the current snapshot until the swap below.
    const chunks = entries.flatMap((entry) =>
      chunkEntry(entry).map((chunk) => ({ id: `${entry.id}-v${entry.version}-${chunk.chunkNo}`, text: chunk.text, entry, chunkNo: chunk.chunkNo, fingerprint: chunkFingerprint(this.deps.embedder.id, chunk.text) })),
    );
    const toEmbed = chunks.filter((c) => stored.get(c.id) !== c.fingerprint);
    for (let start = 0; start < toEmbed.length; start += EMBED_STEP) {
      const step = toEmbed.slice(start, start + EMBED_STEP);
      const embeddings = await this.deps.embedder.embed(step.map((c) => c.text));
      await this.deps.vectors.upsert(
        collection,
        step.map((c, i) => ({
          id: c.id,
          embedding: embeddings[i],
          metadata: { tenantId, entryId: c.entry.id, slug: c.entry.slug, version: c.entry.version, chunkNo: c.chunkNo, fingerprint: c.fingerprint, embedder: this.deps.embedder.id },
        })),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    const nextChange = this.freshness ? await this.freshness.nextValidityChange(tenantId, now) : null;
    const profiles = entries.map(rerankProfileOf);
    const snapshot: TenantSnapshot = {
      entries,
      lexical,
      docById: new Map(entries.map((entry, doc) => [entry.id, doc])),
      profiles,
      rarity: new GramRarity(profiles),
      fingerprints: new Map(chunks.map((c) => [c.id, c.fingerprint])),
      collection,
      stamp,
      refreshAt: nextChange ? nextChange.getTime() : Number.POSITIVE_INFINITY,
      checkedAt: Date.now(),
    };
    this.snapshots.set(tenantId, snapshot);
    // Only after the swap: the old snapshot may still be serving searches that map these ids.
    const stale = [...stored.keys()].filter((id) => !snapshot.fingerprints.has(id));
    if (stale.length > 0) await this.deps.vectors.delete(collection, stale);
    this.logger.info(
      { tenantId, entries: entries.length, chunks: chunks.length, embedded: toEmbed.length, staleChunks: stale.length, ms: Date.now() - started },
      'knowledge index rebuilt',
    );
    return { entries: entries.length };
  }
}
