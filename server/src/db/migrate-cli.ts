import { isKefuError, parseConfig } from '@kefu/shared';
import { createLogger } from '../logger';
import { openDatabase } from './database';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (production runs this before rolling out). */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL, { role: 'migrate' });
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.KEFU_DATA_DIR, logger, migrate: true });
  await db.close();
  process.stdout.write('migrations applied\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`migration failed: ${isKefuError(error) ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
