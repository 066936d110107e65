import { BrokenCircuitError, circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, handleWhen, retry, TaskCancelledError, timeout, TimeoutStrategy, wrap, type CircuitBreakerPolicy, type CircuitState } from 'cockatiel';
import { KefuError } from '@kefu/shared';

/**
 * The outside system did not answer in time, refused the connection, or its breaker is open: we do
 * not know the answer. Skills turn this into an honest "checking, will message you" and a retry job.
 */
export class ConnectorUnavailableError extends KefuError {
  constructor(readonly system: string, readonly reason: string) {
    super(503, 'connector_unavailable', `${system} unavailable: ${reason}`);
  }
}

/** The outside system answered with something we cannot use (4xx, malformed body): retrying will not help. */
export class ConnectorResponseError extends KefuError {
  constructor(readonly system: string, detail: string) {
    super(502, 'connector_bad_response', `${system}: ${detail}`);
  }
}

export interface ResilienceOptions {
  timeoutMs: number;
  /** Consecutive failures that open the breaker. */
  failuresToOpen: number;
  halfOpenAfterMs: number;
  /** Attempts for reads (writes are never retried here: the idempotent retry is a job's decision). */
  readAttempts: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = { timeoutMs: 3000, failuresToOpen: 5, halfOpenAfterMs: 30_000, readAttempts: 2 };

const isTransient = (error: Error) => !(error instanceof ConnectorResponseError);

/**
 * Timeout, retry (reads only) and a circuit breaker around every call to one outside system. One
 * instance per tenant and endpoint, kept for the process's life, so the breaker sees every call.
 */
export class ResilientEndpoint {
  private readonly breaker: CircuitBreakerPolicy;

  constructor(readonly system: string, private readonly options: ResilienceOptions = DEFAULT_RESILIENCE) {
    // Only transport trouble counts against the breaker; a 404 for an unknown order is an answer.
    this.breaker = circuitBreaker(handleWhen(isTransient), { halfOpenAfter: options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.failuresToOpen) });
  }

  get state(): CircuitState {
    return this.breaker.state;
  }

  async call<T>(kind: 'read' | 'write', fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const perAttempt = wrap(this.breaker, timeout(this.options.timeoutMs, TimeoutStrategy.Aggressive));
    const attempts = kind === 'read' ? this.options.readAttempts : 1;
    const policy = attempts > 1
      ? wrap(retry(handleWhen((e) => isTransient(e) && !(e instanceof BrokenCircuitError)), { maxAttempts: attempts - 1, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 500 }) }), perAttempt)
      : perAttempt;
    try {
      return await policy.execute(({ signal }) => fn(signal));
    } catch (error) {
      if (error instanceof ConnectorResponseError) throw error;
      if (error instanceof BrokenCircuitError) throw new ConnectorUnavailableError(this.system, 'circuit open');
      if (error instanceof TaskCancelledError) throw new ConnectorUnavailableError(this.system, `no answer within ${this.options.timeoutMs} ms`);
      throw new ConnectorUnavailableError(this.system, (error as Error).message);
    }
  }
}

const endpoints = new Map<string, ResilientEndpoint>();

/** The shared endpoint for a key (tenant + provider + base URL), created on first use. */
export function resilientEndpoint(key: string, system: string, options?: Partial<ResilienceOptions>): ResilientEndpoint {
  let endpoint = endpoints.get(key);
  if (!endpoint) {
    endpoint = new ResilientEndpoint(system, { ...DEFAULT_RESILIENCE, ...options });
    endpoints.set(key, endpoint);
  }
  return endpoint;
}
