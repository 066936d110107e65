import { circuitBreaker, ConsecutiveBreaker, handleAll, type CircuitBreakerPolicy } from 'cockatiel';

/** Failures in a row that open an endpoint's breaker, and how long it stays open before one trial call. */
export const LLM_FAILURES_TO_OPEN = 5;
export const LLM_HALF_OPEN_AFTER_MS = 30_000;

const breakers = new Map<string, CircuitBreakerPolicy>();

/**
 * One breaker per model endpoint, shared by every client of this process that talks to it (intent
 * fallback, grounded answers, embeddings, rewrites). A failing or hanging model would otherwise
 * make every shopper turn wait out its own timeout; once open, calls fail at once and each caller
 * takes its model-free path. Network errors, timeouts, 5xx and 429 count as failures.
 */
export function breakerFor(baseUrl: string): CircuitBreakerPolicy {
  let breaker = breakers.get(baseUrl);
  if (!breaker) {
    const failing = handleAll.orWhenResult((result) => result instanceof Response && (result.status >= 500 || result.status === 429));
    breaker = circuitBreaker(failing, { halfOpenAfter: LLM_HALF_OPEN_AFTER_MS, breaker: new ConsecutiveBreaker(LLM_FAILURES_TO_OPEN) });
    breakers.set(baseUrl, breaker);
  }
  return breaker;
}

/** fetch through the endpoint's breaker: what the OpenAI SDK is given instead of the global fetch. */
export function fetchThroughBreaker(baseUrl: string): typeof fetch {
  const breaker = breakerFor(baseUrl);
  return (input, init) => breaker.execute(() => fetch(input, init));
}
