import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type KefuConfig } from '@kefu/shared';

export interface Secrets {
  encryptionKey: Buffer;
  sessionSecret: string;
}

/**
 * Production takes its secrets from configuration. The embedded set-up generates them once under
 * the data directory (mode 0600) so `npm start` needs no set-up and restarts can still decrypt.
 */
export function loadSecrets(config: KefuConfig, embedded: boolean): Secrets {
  if (config.ENCRYPTION_KEY && config.SESSION_SECRET) {
    return { encryptionKey: Buffer.from(config.ENCRYPTION_KEY, 'base64'), sessionSecret: config.SESSION_SECRET };
  }
  if (!embedded) {
    const missing = [!config.ENCRYPTION_KEY && 'ENCRYPTION_KEY', !config.SESSION_SECRET && 'SESSION_SECRET'].filter(Boolean).join(', ');
    throw new ConfigError(`invalid configuration: ${missing}: required when DATABASE_URL points at a server database`);
  }
  const file = join(config.KEFU_DATA_DIR, 'secrets.json');
  let stored: { encryptionKey: string; sessionSecret: string };
  if (existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8')) as typeof stored;
  } else {
    mkdirSync(config.KEFU_DATA_DIR, { recursive: true });
    stored = { encryptionKey: randomBytes(32).toString('base64'), sessionSecret: randomBytes(32).toString('hex') };
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return {
    encryptionKey: Buffer.from(config.ENCRYPTION_KEY ?? stored.encryptionKey, 'base64'),
    sessionSecret: config.SESSION_SECRET ?? stored.sessionSecret,
  };
}
