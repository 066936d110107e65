import { isKefuError, parseConfig } from '@kefu/shared';
import { AuditLog } from '../auth/audit-log';
import { openDatabase } from '../db/database';
import { createLogger } from '../logger';
import { FieldCipher } from '../privacy/field-cipher';
import { loadSecrets } from '../privacy/load-secrets';
import { runChannelsCommand } from './channels-cli-commands';

/** `npm run -s admin -- channels:add|list|remove …`: connect platform accounts from a shell; prints JSON. */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const serverDatabase = Boolean(config.DATABASE_URL && !config.DATABASE_URL.startsWith('sqlite:'));
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, { role: 'admin' });
  const secrets = loadSecrets(config, !serverDatabase);
  // Like the server: the embedded database migrates itself, a server database is migrated by `npm run migrate`.
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.KEFU_DATA_DIR, logger, migrate: !serverDatabase });
  try {
    const result = await runChannelsCommand(process.argv.slice(2), { cipher: new FieldCipher(secrets.encryptionKey), audit: new AuditLog(), baseUrl: `http://localhost:${config.PORT}` });
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${isKefuError(error) ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
