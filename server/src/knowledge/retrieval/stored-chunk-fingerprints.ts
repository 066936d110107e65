import { createHash } from 'node:crypto';
import { ChromaClient, ChromaNotFoundError } from 'chromadb';

/** Identifies what a stored vector was computed from: the embedder and the exact chunk text. */
export function chunkFingerprint(embedderId: string, text: string): string {
  return createHash('sha256').update(embedderId).update('\n').update(text).digest('hex').slice(0, 24);
}

function clientFor(url: string): ChromaClient {
  const parsed = new URL(url);
  const ssl = parsed.protocol === 'https:';
  return new ChromaClient({ host: parsed.hostname, port: parsed.port ? Number(parsed.port) : ssl ? 443 : 80, ssl });
}

const PAGE = 2000;

/**
 * The chunk ids already stored in a collection with their fingerprints, read once when a process
 * first indexes a tenant: vectors persist in Chroma across restarts, so only chunks that are new or
 * whose text (or embedder) changed need embedding again. A missing collection is simply empty.
 */
export async function readStoredFingerprints(chromaUrl: string, collection: string): Promise<Map<string, string>> {
  const stored = new Map<string, string>();
  let col;
  try {
    col = await clientFor(chromaUrl).getCollection({ name: collection });
  } catch (error) {
    if (error instanceof ChromaNotFoundError) return stored;
    throw error;
  }
  for (let offset = 0; ; offset += PAGE) {
    const page = await col.get({ include: ['metadatas'], limit: PAGE, offset });
    page.ids.forEach((id, i) => {
      const fingerprint = page.metadatas[i]?.fingerprint;
      if (typeof fingerprint === 'string') stored.set(id, fingerprint);
    });
    if (page.ids.length < PAGE) return stored;
  }
}

/** Removes a tenant's collection for one embedder; VectorStore has no collection removal. */
export async function deleteCollection(chromaUrl: string, collection: string): Promise<void> {
  try {
    await clientFor(chromaUrl).deleteCollection({ name: collection });
  } catch (error) {
    if (!(error instanceof ChromaNotFoundError)) throw error;
  }
}
