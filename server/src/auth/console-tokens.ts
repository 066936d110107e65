import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { UnauthorizedError } from '@kefu/shared';
import { ROLES, type Role } from './models';

/** A console session lasts a working day; there is no refresh, the user logs in again. */
export const CONSOLE_TOKEN_TTL_SECONDS = 12 * 60 * 60;

export interface ConsoleTokenClaims {
  userId: number;
  tenantId: number;
  role: Role;
  /** The user's token_version when issued; absent means 0, the version of a user never signed out. */
  tokenVersion?: number;
}

export interface ConsoleTokenPayload extends Omit<ConsoleTokenClaims, 'tokenVersion'> {
  /** The user's token_version at issue: a later bump (sign out everywhere) invalidates the token. */
  ver: number;
  /** Random token id, so one token can be signed out (logout) without touching the others. */
  jti: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
}

const payloadSchema = z.object({
  userId: z.number().int().positive(),
  tenantId: z.number().int().positive(),
  role: z.enum(ROLES),
  ver: z.number().int().min(0),
  jti: z.string().regex(/^[\w-]{16,32}$/),
  iat: z.number().int(),
  exp: z.number().int(),
});

function sign(encodedPayload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(encodedPayload).digest();
}

/**
 * Stateless console token: `base64url(json payload).base64url(hmac-sha256 of the first part)`.
 * Stateless so any process of a multi-process deployment can verify it without a session store;
 * revocation is checked by authenticate(), which re-reads the user (token version, disabled) and
 * the revoked-token ids anyway.
 */
export function issueConsoleToken(
  claims: ConsoleTokenClaims,
  secret: string,
  ttlSeconds: number = CONSOLE_TOKEN_TTL_SECONDS,
  nowMs: number = Date.now(),
): string {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error(`console token ttl must be a positive integer, got ${ttlSeconds}`);
  const iat = Math.floor(nowMs / 1000);
  const payload: ConsoleTokenPayload = {
    userId: claims.userId,
    tenantId: claims.tenantId,
    role: claims.role,
    ver: claims.tokenVersion ?? 0,
    jti: randomBytes(16).toString('base64url'),
    iat,
    exp: iat + ttlSeconds,
  };
  const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${encoded}.${sign(encoded, secret).toString('base64url')}`;
}

/** The payload of a token this secret signed and that has not expired; otherwise UnauthorizedError. */
export function verifyConsoleToken(token: string, secret: string, nowMs: number = Date.now()): ConsoleTokenPayload {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new UnauthorizedError('malformed console token');
  const [encoded, signature] = parts as [string, string];
  const expected = sign(encoded, secret);
  const given = Buffer.from(signature, 'base64url');
  // timingSafeEqual throws on a length mismatch, and the length of an HMAC is public anyway.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedError('invalid console token signature');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new UnauthorizedError('malformed console token');
  }
  const parsed = payloadSchema.safeParse(decoded);
  if (!parsed.success) throw new UnauthorizedError('malformed console token');
  if (parsed.data.exp <= Math.floor(nowMs / 1000)) throw new UnauthorizedError('console token expired');
  return parsed.data;
}
