import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from '@kefu/shared';

export interface LoginThrottlePolicy {
  /** Attempts per (tenant key, email) before each further attempt must wait out a lock. */
  freeAttemptsPerAccount: number;
  /** Same per client address: catches one source spraying passwords over many emails. */
  freeAttemptsPerAddress: number;
  /** The first lock; each further failure doubles it. */
  firstLockSeconds: number;
  maxLockSeconds: number;
  /** How long failed attempts are remembered (a fixed window from the first one). */
  memorySeconds: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = {
  freeAttemptsPerAccount: 5,
  freeAttemptsPerAddress: 20,
  firstLockSeconds: 30,
  maxLockSeconds: 3600,
  memorySeconds: 24 * 3600,
};

/** Lock after the `attempts`-th failure: none while free attempts remain, then doubling up to the cap. */
export function lockSecondsAfter(attempts: number, freeAttempts: number, policy: Pick<LoginThrottlePolicy, 'firstLockSeconds' | 'maxLockSeconds'>): number {
  if (attempts < freeAttempts) return 0;
  return Math.min(policy.maxLockSeconds, policy.firstLockSeconds * 2 ** Math.min(attempts - freeAttempts, 30));
}

/**
 * Redis-backed when there is Redis; with Redis down, each process falls back to its own memory
 * (the insurance limiter) so sign-in keeps working and keeps a per-process lock, instead of a 500.
 */
function limiter(redis: Redis | undefined, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  return redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter: memory }) : memory;
}

function retryAfterOf(rejection: unknown): number {
  if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  throw rejection; // the store itself failed: surface it rather than silently allowing or denying
}

/**
 * One dimension (account or address). `attempts` counts attempts since the last success; `gate` is
 * the lock. Past the free attempts, each attempt must take the gate atomically (consume of 1 point),
 * so a burst of parallel guesses gets one verification per lock period, not one per request.
 */
class BackoffDimension {
  private readonly attempts: RateLimiterAbstract;
  private readonly gate: RateLimiterAbstract;

  constructor(
    redis: Redis | undefined,
    prefix: string,
    private readonly freeAttempts: number,
    private readonly policy: LoginThrottlePolicy,
  ) {
    this.attempts = limiter(redis, `${prefix}:attempts`, Number.MAX_SAFE_INTEGER, policy.memorySeconds);
    this.gate = limiter(redis, `${prefix}:lock`, 1, policy.firstLockSeconds);
  }

  /** Seconds until the lock opens, or 0; a locked attempt is not counted so waiting users do not escalate it. */
  async lockedFor(key: string): Promise<number> {
    const lock = await this.gate.get(key);
    return lock && lock.consumedPoints >= 1 && lock.msBeforeNext > 0 ? Math.max(1, Math.ceil(lock.msBeforeNext / 1000)) : 0;
  }

  /** Counts the attempt; past the free ones it must win the gate. Returns the attempt number, or seconds to wait. */
  async admit(key: string): Promise<{ attempt: number } | { retryAfter: number }> {
    const attempt = (await this.attempts.penalty(key, 1)).consumedPoints;
    if (attempt <= this.freeAttempts) return { attempt };
    try {
      await this.gate.consume(key, 1, { customDuration: lockSecondsAfter(attempt - 1, this.freeAttempts, this.policy) });
      return { attempt };
    } catch (rejection) {
      return { retryAfter: retryAfterOf(rejection) };
    }
  }

  /** Locks when the free attempts are used up; returns the lock's length (0: none). */
  async recordFailure(key: string, attempt: number): Promise<number> {
    const seconds = lockSecondsAfter(attempt, this.freeAttempts, this.policy);
    if (seconds > 0) await this.gate.block(key, seconds);
    return seconds;
  }

  /** The account proved itself: its count and lock go. */
  async forget(key: string): Promise<void> {
    await this.attempts.delete(key);
    await this.gate.delete(key);
  }

  /**
   * An address only takes back this one attempt: an office of agents signing in must not be locked,
   * but one right password from an address that is spraying guesses must not reopen it either.
   */
  async takeBack(key: string): Promise<void> {
    await this.attempts.reward(key, 1);
  }
}

export interface LoginAttempt {
  tenantKey: string;
  email: string;
  ip?: string;
}

/** An admitted attempt: report its outcome exactly once. */
export interface AdmittedAttempt {
  /** Which locks this failure set, in seconds (0: none), so the caller can audit a lock once. */
  failed(): Promise<{ accountLockSeconds: number; addressLockSeconds: number }>;
  succeeded(): Promise<void>;
}

/**
 * Per-account and per-address backoff for console sign-in, shared by every process through Redis
 * (in memory when embedded). The account key is the tenant key and email as typed (normalised), whether
 * or not they exist, so a locked unknown email looks exactly like a locked real one.
 */
export class LoginThrottle {
  private readonly account: BackoffDimension;
  private readonly address: BackoffDimension;

  constructor(opts: { redis?: Redis; keyPrefix: string; policy?: Partial<LoginThrottlePolicy> }) {
    const policy = { ...DEFAULT_LOGIN_THROTTLE, ...opts.policy };
    this.account = new BackoffDimension(opts.redis, `${opts.keyPrefix}:login:account`, policy.freeAttemptsPerAccount, policy);
    this.address = new BackoffDimension(opts.redis, `${opts.keyPrefix}:login:address`, policy.freeAttemptsPerAddress, policy);
  }

  /** Admits the attempt or throws RateLimitedError (429, Retry-After) without checking the password. */
  async admit(input: LoginAttempt): Promise<AdmittedAttempt> {
    const accountKey = JSON.stringify([input.tenantKey.trim(), input.email.trim().toLowerCase()]);
    const addressKey = input.ip || 'unknown';
    const waits = await Promise.all([this.account.lockedFor(accountKey), this.address.lockedFor(addressKey)]);
    if (Math.max(...waits) > 0) throw new RateLimitedError(Math.max(...waits));
    const account = await this.account.admit(accountKey);
    if ('retryAfter' in account) throw new RateLimitedError(account.retryAfter);
    const address = await this.address.admit(addressKey);
    if ('retryAfter' in address) throw new RateLimitedError(address.retryAfter);
    return {
      failed: async () => ({
        accountLockSeconds: await this.account.recordFailure(accountKey, account.attempt),
        addressLockSeconds: await this.address.recordFailure(addressKey, address.attempt),
      }),
      succeeded: async () => {
        await this.account.forget(accountKey);
        await this.address.takeBack(addressKey);
      },
    };
  }
}
