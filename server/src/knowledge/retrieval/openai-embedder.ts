import type OpenAI from 'openai';
import { createLlmClient, type LlmEndpoint } from '../../llm/create-llm-client';
import type { Embedder } from './embedder';

/** The endpoint (LLM_BASE_URL including its version path) and key come from LlmEndpoint. */
export interface OpenAIEmbedderOptions extends LlmEndpoint {
  model: string;
  /** Ask the model for this many dimensions (text-embedding-3-*); unset: the model's native size. */
  dimensions?: number;
  /** Per request. */
  timeoutMs?: number;
  /** Inputs per request; providers cap it (OpenAI 2048, many compatible servers far lower). */
  batchSize?: number;
}

function l2Normalise(vector: number[]): number[] {
  let norm = 0;
  for (const v of vector) norm += v * v;
  if (norm === 0) return vector;
  const scale = 1 / Math.sqrt(norm);
  return vector.map((v) => v * scale);
}

/**
 * Embeddings from any OpenAI-compatible endpoint through the `openai` SDK. Created with connect(),
 * which embeds one probe text to learn the real dimension count: it belongs in the embedder id
 * (and so in the collection name), and a server that silently ignores `dimensions` is caught here.
 */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;

  private constructor(
    private readonly client: OpenAI,
    private readonly options: OpenAIEmbedderOptions,
    readonly dimensions: number,
  ) {
    this.id = `openai-${options.model}-${dimensions}`;
  }

  static async connect(options: OpenAIEmbedderOptions): Promise<OpenAIEmbedder> {
    const client = createLlmClient({ baseUrl: options.baseUrl, apiKey: options.apiKey, timeoutMs: options.timeoutMs ?? 15_000, maxRetries: 2 });
    const probe = new OpenAIEmbedder(client, options, 0);
    const [vector] = await probe.embed(['维度探测']);
    if (!vector || vector.length === 0) throw new Error(`embedding model ${options.model} at ${options.baseUrl} returned an empty vector`);
    return new OpenAIEmbedder(client, options, vector.length);
  }

  async embed(texts: string[]): Promise<number[][]> {
    const batchSize = this.options.batchSize ?? 64;
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      // Empty strings are rejected by the API; a single space embeds as "nothing said".
      const batch = texts.slice(start, start + batchSize).map((t) => (t.trim() ? t : ' '));
      const response = await this.client.embeddings.create({
        model: this.options.model,
        input: batch,
        encoding_format: 'float',
        ...(this.options.dimensions ? { dimensions: this.options.dimensions } : {}),
      });
      // The protocol tags each vector with its input index; order is not promised.
      const byIndex = [...response.data].sort((a, b) => a.index - b.index);
      if (byIndex.length !== batch.length) throw new Error(`embedding model returned ${byIndex.length} vectors for ${batch.length} inputs`);
      for (const item of byIndex) {
        if (this.dimensions > 0 && item.embedding.length !== this.dimensions) {
          throw new Error(`embedding model returned ${item.embedding.length} dimensions, expected ${this.dimensions}`);
        }
        vectors.push(l2Normalise(item.embedding));
      }
    }
    return vectors;
  }
}
