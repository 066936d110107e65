import OpenAI from 'openai';
import { fetchThroughBreaker } from './endpoint-breaker';

/** Where an OpenAI-compatible model is served: the endpoint including its version path (LLM_BASE_URL) and its key. */
export interface LlmEndpoint {
  baseUrl: string;
  apiKey: string;
}

export interface LlmClientOptions extends LlmEndpoint {
  /** Whole request, body included. Each caller sets it from who is waiting (a shopper, a console user, an indexer). */
  timeoutMs: number;
  /**
   * The SDK's own retries (with its backoff). 0 where a model-free answer is already in hand and a
   * retry would only double a shopper's wait.
   */
  maxRetries: number;
}

/**
 * The one place the OpenAI-compatible client is built, so every model caller (intent fallback,
 * grounded answers, embeddings, entry rewriting) talks to the configured endpoint the same way and a
 * change of SDK options (proxy, headers, fetch) is made once. Every call goes through the endpoint's
 * circuit breaker (endpoint-breaker.ts).
 */
export function createLlmClient(options: LlmClientOptions): OpenAI {
  return new OpenAI({ baseURL: options.baseUrl, apiKey: options.apiKey, timeout: options.timeoutMs, maxRetries: options.maxRetries, fetch: fetchThroughBreaker(options.baseUrl) });
}
