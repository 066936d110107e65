import type { ChannelProtocol } from '@kefu/shared';
import { ValidationError } from '@kefu/shared';
import type { FieldCipher } from '../privacy/field-cipher';
import type { ChannelAccount } from './models';

/**
 * A channel account's platform credentials (app secret, token, EncodingAESKey) live encrypted in
 * `credentialsEncrypted`; they are validated by the protocol's own zod schema on the way in and on
 * the way out, so a stored config that no longer fits its schema fails loudly, not halfway through a send.
 */
export function validateChannelConfig(protocol: ChannelProtocol<unknown>, raw: unknown): unknown {
  const result = protocol.configSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ field: ['config', ...issue.path.map(String)].join('.'), message: issue.message }));
  throw new ValidationError(`invalid ${protocol.platform} config: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
}

export function encryptChannelConfig(cipher: FieldCipher, config: unknown): string {
  return cipher.encrypt(JSON.stringify(config));
}

export function decryptChannelConfig(cipher: FieldCipher, protocol: ChannelProtocol<unknown>, account: ChannelAccount): unknown {
  if (!account.credentialsEncrypted) throw new Error(`channel account ${account.id} has no stored credentials`);
  const parsed = protocol.configSchema.safeParse(JSON.parse(cipher.decrypt(account.credentialsEncrypted)));
  if (!parsed.success) throw new Error(`channel account ${account.id}: stored ${protocol.platform} config no longer valid: ${parsed.error.message}`);
  return parsed.data;
}

/** Names of config fields whose values are never shown back (secrets, tokens, keys). */
const SECRET_FIELD = /secret|token|key|password|aes/i;

/**
 * The stored secrets a config update must carry again because it moves an address: a merged-in
 * secret would otherwise be sent to a host the stored one was never meant for. Addresses are the
 * fields named *url* (apiBaseUrl and the like); secrets are the fields the console masks.
 */
export function secretsToReenter(stored: Record<string, unknown>, update: Record<string, unknown>): string[] {
  const movesAddress = Object.keys(update).some((field) => /url/i.test(field) && update[field] !== stored[field]);
  if (!movesAddress) return [];
  return Object.keys(stored).filter((field) => SECRET_FIELD.test(field) && stored[field] !== undefined && update[field] === undefined);
}

/** The config with every secret-looking field (at any depth) replaced by "***", for the console. */
export function redactChannelConfig(config: unknown): Record<string, unknown> {
  if (!config || typeof config !== 'object' || Array.isArray(config)) return {};
  return Object.fromEntries(
    Object.entries(config as Record<string, unknown>).map(([field, value]) => {
      if (SECRET_FIELD.test(field)) return [field, '***'];
      if (value && typeof value === 'object' && !Array.isArray(value)) return [field, redactChannelConfig(value)];
      return [field, value];
    }),
  );
}
