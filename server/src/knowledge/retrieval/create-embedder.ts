import type { Embedder } from './embedder';
import { LocalEmbedder } from './local-embedder';
import { OpenAIEmbedder } from './openai-embedder';

export interface EmbedderSettings {
  LLM_BASE_URL?: string;
  LLM_API_KEY?: string;
  /** The embedding model's name (KefuConfig.EMBEDDING_MODEL). */
  EMBEDDING_MODEL?: string;
  /** Requested dimensions for models that support it (KefuConfig.EMBEDDING_DIMENSIONS). */
  EMBEDDING_DIMENSIONS?: number | string;
}

/**
 * The embedder the server uses for a given configuration: an OpenAI-compatible model when the base
 * URL, key and embedding model are all configured, otherwise the local lexical-semantic vectors.
 * Only an explicit EMBEDDING_MODEL switches: an LLM endpoint alone may not serve embeddings at all.
 */
export async function createEmbedder(settings: EmbedderSettings): Promise<Embedder> {
  if (settings.LLM_BASE_URL && settings.LLM_API_KEY && settings.EMBEDDING_MODEL) {
    const dimensions = settings.EMBEDDING_DIMENSIONS ? Number(settings.EMBEDDING_DIMENSIONS) : undefined;
    if (dimensions !== undefined && !(Number.isInteger(dimensions) && dimensions > 0)) throw new Error(`EMBEDDING_DIMENSIONS must be a positive integer, got ${settings.EMBEDDING_DIMENSIONS}`);
    return OpenAIEmbedder.connect({ baseUrl: settings.LLM_BASE_URL, apiKey: settings.LLM_API_KEY, model: settings.EMBEDDING_MODEL, dimensions });
  }
  return new LocalEmbedder();
}
