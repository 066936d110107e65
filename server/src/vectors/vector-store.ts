import { ChromaClient, ChromaNotFoundError, type Collection, type Metadata, type Where } from 'chromadb';
import type { Logger } from '../logger';

export type VectorMetadata = Record<string, string | number | boolean | null>;

export interface VectorItem {
  id: string;
  embedding: number[];
  document?: string;
  metadata?: VectorMetadata;
}

export interface VectorMatch {
  id: string;
  /** Cosine distance: 0 is the same direction, 2 the opposite. */
  distance: number;
  document?: string;
  metadata?: Record<string, unknown>;
}

export interface VectorStoreOptions {
  logger?: Logger;
}

/** Chroma wants collection configuration on creation only; every collection we make is cosine. */
const COLLECTION_CONFIGURATION = { hnsw: { space: 'cosine' as const } };

function clientArgs(url: string): { host: string; port: number; ssl: boolean } {
  const parsed = new URL(url);
  const ssl = parsed.protocol === 'https:';
  const port = parsed.port ? Number(parsed.port) : ssl ? 443 : 80;
  return { host: parsed.hostname, port, ssl };
}

/**
 * Chroma's where accepts one operator per object; callers may write { tenantId: 'a', kind: 'faq' }
 * and mean "both", so several plain keys become an $and.
 */
function normaliseWhere(where: Record<string, unknown> | undefined): Where | undefined {
  if (!where) return undefined;
  const keys = Object.keys(where);
  if (keys.length === 0) return undefined;
  if (keys.length === 1 || keys.some((k) => k.startsWith('$'))) return where as Where;
  return { $and: keys.map((k) => ({ [k]: where[k] })) } as Where;
}

/** Chroma rejects an empty metadata object; no metadata is null. */
function toChromaMetadata(metadata: VectorMetadata | undefined): Metadata | null {
  if (!metadata || Object.keys(metadata).length === 0) return null;
  return metadata;
}

/**
 * Thin wrapper over the chromadb v3 client. We compute embeddings ourselves (the NLU layer owns the
 * model), so collections are created with no embedding function and cosine space, and every call
 * passes vectors. Collection names are taken as given: build them with tenantCollectionName().
 */
export class VectorStore {
  private readonly client: ChromaClient;
  private readonly collections = new Map<string, Promise<Collection>>();
  private maxBatch?: Promise<number>;
  private readonly logger?: Logger;

  constructor(
    readonly url: string,
    opts: VectorStoreOptions = {},
  ) {
    this.client = new ChromaClient(clientArgs(url));
    this.logger = opts.logger?.child({ component: 'vectors' });
  }

  async heartbeat(): Promise<boolean> {
    try {
      await this.client.heartbeat();
      return true;
    } catch {
      return false;
    }
  }

  async upsert(collection: string, items: VectorItem[]): Promise<void> {
    if (items.length === 0) return;
    const batchSize = await this.maxBatchSize();
    // Chroma requires documents for all items of a call or for none, so the two kinds go separately.
    const withDocs = items.filter((item) => item.document !== undefined);
    const withoutDocs = items.filter((item) => item.document === undefined);
    await this.withCollection(collection, async (col) => {
      for (const group of [withDocs, withoutDocs]) {
        for (let start = 0; start < group.length; start += batchSize) {
          const batch = group.slice(start, start + batchSize);
          await col.upsert({
            ids: batch.map((item) => item.id),
            embeddings: batch.map((item) => item.embedding),
            // The client's type says Metadata[], but the server takes null for "no metadata" (and
            // rejects {}), which lets one call mix items with and without metadata.
            metadatas: batch.map((item) => toChromaMetadata(item.metadata)) as Metadata[],
            ...(group === withDocs ? { documents: batch.map((item) => item.document as string) } : {}),
          });
        }
      }
    });
  }

  async query(collection: string, embedding: number[], nResults: number, where?: Record<string, unknown>): Promise<VectorMatch[]> {
    if (nResults <= 0) return [];
    const result = await this.withCollection(collection, (col) =>
      col.query({ queryEmbeddings: [embedding], nResults, where: normaliseWhere(where), include: ['distances', 'documents', 'metadatas'] }),
    );
    const ids = result.ids[0] ?? [];
    return ids.map((id, i) => {
      const document = result.documents[0]?.[i];
      const metadata = result.metadatas[0]?.[i];
      return {
        id,
        distance: result.distances[0]?.[i] ?? Number.NaN,
        ...(document !== null && document !== undefined ? { document } : {}),
        ...(metadata ? { metadata } : {}),
      };
    });
  }

  async delete(collection: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.withCollection(collection, (col) => col.delete({ ids }));
  }

  /**
   * Collections are looked up once and cached. If one was dropped behind our back (another process,
   * a reset), the cached handle is stale: forget it and try once more with a fresh one.
   */
  private async withCollection<R>(name: string, action: (col: Collection) => Promise<R>): Promise<R> {
    try {
      return await action(await this.collection(name));
    } catch (error) {
      if (!(error instanceof ChromaNotFoundError)) throw error;
      this.logger?.warn({ collection: name }, 'chroma collection vanished, re-creating');
      this.collections.delete(name);
      return action(await this.collection(name));
    }
  }

  private collection(name: string): Promise<Collection> {
    let pending = this.collections.get(name);
    if (!pending) {
      pending = this.client.getOrCreateCollection({ name, embeddingFunction: null, configuration: COLLECTION_CONFIGURATION });
      this.collections.set(name, pending);
      // A failed lookup (Chroma down) must not be cached forever.
      pending.catch(() => this.collections.delete(name));
    }
    return pending;
  }

  private maxBatchSize(): Promise<number> {
    if (!this.maxBatch) {
      this.maxBatch = this.client.getMaxBatchSize().catch((error: unknown) => {
        this.maxBatch = undefined;
        throw error;
      });
    }
    return this.maxBatch;
  }
}
