import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Sequelize } from 'sequelize';
import type { Logger } from '../logger';

export interface DatabaseTarget {
  dialect: 'mysql' | 'sqlite';
  sequelize: Sequelize;
}

/**
 * MySQL/MariaDB through mysql2 when DATABASE_URL names one; otherwise a SQLite file under the data
 * directory (the embedded default). `mariadb:` URLs use the mysql dialect on purpose: mysql2 speaks to
 * MariaDB 10.11 and keeps one driver for both.
 */
export function createSequelize(databaseUrl: string | undefined, dataDir: string, logger: Logger): DatabaseTarget {
  const logging = (sql: string) => logger.trace({ sql }, 'sql');
  if (databaseUrl && !databaseUrl.startsWith('sqlite:')) {
    const url = databaseUrl.replace(/^mariadb:/, 'mysql:');
    const sequelize = new Sequelize(url, {
      dialect: 'mysql',
      logging,
      timezone: '+00:00',
      pool: { max: 10, min: 0, idle: 10_000 },
      dialectOptions: { charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: false },
      define: { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
    });
    return { dialect: 'mysql', sequelize };
  }
  const storage = databaseUrl ? databaseUrl.replace(/^sqlite:(\/\/)?/, '') : join(dataDir, 'kefu.sqlite');
  if (storage !== ':memory:') mkdirSync(dirname(resolve(storage)), { recursive: true });
  const sequelize = new Sequelize({ dialect: 'sqlite', storage, logging, pool: { max: 1, min: 0 } });
  return { dialect: 'sqlite', sequelize };
}

/** SQLite serialises writers; WAL and a busy timeout keep concurrent requests from failing with SQLITE_BUSY. */
export async function tuneSqlite(target: DatabaseTarget): Promise<void> {
  if (target.dialect !== 'sqlite') return;
  await target.sequelize.query('PRAGMA journal_mode = WAL;');
  await target.sequelize.query('PRAGMA busy_timeout = 5000;');
  await target.sequelize.query('PRAGMA foreign_keys = ON;');
}
