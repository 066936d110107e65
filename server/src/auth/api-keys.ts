import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import { NotFoundError, UnauthorizedError } from '@kefu/shared';
import { CROSS_TENANT } from '../db/tenant-guard';
import { ApiKey, type Role } from './models';

/** `kefu_<12 hex prefix>_<32 hex secret>`: hex keeps `_` unambiguous as the separator. */
const KEY_PATTERN = /^kefu_([0-9a-f]{12})_([0-9a-f]{32})$/;
/** Writing lastUsedAt on every request would turn each API call into a write; a minute is precise enough. */
const LAST_USED_RESOLUTION_MS = 60_000;
/** A 48-bit prefix practically never collides, but the unique index would turn a collision into a 500. */
const CREATE_ATTEMPTS = 3;

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The full key. It is not stored anywhere: the caller shows it once. */
  plaintext: string;
}

/** What may be shown about a key after creation: never its hash. */
export interface ApiKeySummary {
  id: number;
  name: string;
  role: Role;
  keyPrefix: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

function hashKey(plaintext: string): string {
  return createHash('sha256').update(plaintext, 'utf8').digest('hex');
}

export async function createApiKey(tenantId: number, name: string, role: Role): Promise<CreatedApiKey> {
  for (let attempt = 1; ; attempt += 1) {
    const keyPrefix = randomBytes(6).toString('hex');
    const plaintext = `kefu_${keyPrefix}_${randomBytes(16).toString('hex')}`;
    try {
      // A fast hash is enough: the secret has 128 random bits, so there is nothing to brute-force.
      const apiKey = await ApiKey.create({ tenantId, name, role, keyPrefix, keyHash: hashKey(plaintext) });
      return { apiKey, plaintext };
    } catch (error) {
      if (!(error instanceof UniqueConstraintError) || attempt >= CREATE_ATTEMPTS) throw error;
    }
  }
}

/** The active key this plaintext belongs to; UnauthorizedError for malformed, unknown or revoked keys. */
export async function authenticateApiKey(plaintext: string, now: Date = new Date()): Promise<ApiKey> {
  const match = KEY_PATTERN.exec(plaintext);
  if (!match) throw new UnauthorizedError('malformed API key');
  // The key is the only thing the caller presents, so the tenant is not known yet: finding it by
  // prefix is cross-tenant by nature. The prefix is unique across all tenants (api_keys_prefix_unique).
  const apiKey = await ApiKey.findOne({ where: { keyPrefix: match[1] }, ...CROSS_TENANT });
  const expected = Buffer.from(apiKey?.keyHash ?? '0'.repeat(64), 'hex');
  const given = Buffer.from(hashKey(plaintext), 'hex');
  if (!apiKey || !timingSafeEqual(given, expected)) throw new UnauthorizedError('invalid API key');
  if (apiKey.revokedAt) throw new UnauthorizedError('API key revoked');
  if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Instance update (UPDATE ... WHERE id): the row was found above, so it is already the right tenant's.
    await apiKey.update({ lastUsedAt: now });
  }
  return apiKey;
}

/** Revokes (keeps the row for the audit trail). Another tenant's id is NotFound, same as a missing one. */
export async function revokeApiKey(tenantId: number, id: number, now: Date = new Date()): Promise<ApiKey> {
  const apiKey = await ApiKey.findOne({ where: { tenantId, id } });
  if (!apiKey) throw new NotFoundError(`API key ${id} not found`);
  if (!apiKey.revokedAt) await apiKey.update({ revokedAt: now });
  return apiKey;
}

export async function listApiKeys(tenantId: number): Promise<ApiKeySummary[]> {
  const keys = await ApiKey.findAll({ where: { tenantId }, order: [['id', 'DESC']] });
  return keys.map(summarizeApiKey);
}

export function summarizeApiKey(apiKey: ApiKey): ApiKeySummary {
  return {
    id: apiKey.id,
    name: apiKey.name,
    role: apiKey.role,
    keyPrefix: apiKey.keyPrefix,
    lastUsedAt: apiKey.lastUsedAt ?? null,
    revokedAt: apiKey.revokedAt ?? null,
    createdAt: apiKey.createdAt,
  };
}
