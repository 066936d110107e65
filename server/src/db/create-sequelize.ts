import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Sequelize, Transaction } from 'sequelize';
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
  // IMMEDIATE transactions take the write lock when they begin, so two writers queue for it instead
  // of failing when a reader tries to upgrade to a writer mid-transaction.
  const sequelize = new Sequelize({ dialect: 'sqlite', storage, logging, transactionType: Transaction.TYPES.IMMEDIATE, retry: WAIT_FOR_WRITE_LOCK });
  applyBusyTimeoutToEveryConnection(sequelize);
  return { dialect: 'sqlite', sequelize };
}

type SqliteConnection = { configure(option: 'busyTimeout', ms: number): void };

/**
 * How long one statement waits for the write lock inside SQLite. node-sqlite3 runs statements on the
 * libuv thread pool (4 threads), and SQLite's busy handler sleeps on that thread: four statements
 * waiting for a transaction's lock left the transaction no thread for its next statement, so every
 * write stalled until a waiter's busy timeout ran out (10 s, seen as a one-off stall in the bench).
 * A short wait frees the thread soon; the longer wait happens in JavaScript (WAIT_FOR_WRITE_LOCK).
 */
const BUSY_TIMEOUT_MS = 50;

/**
 * Sequelize re-runs a statement that failed with SQLITE_BUSY (it never ran): here after a growing
 * pause off the thread pool, 29 tries of 50 ms and pauses of 10 ms × 1.2ⁿ between them ≈ 10 s in all, the wait
 * the busy timeout alone used to give a writer queued behind another process (a CLI import).
 */
const WAIT_FOR_WRITE_LOCK = { max: 29, match: [/SQLITE_BUSY/], backoffBase: 10, backoffExponent: 1.2 };

/**
 * Sequelize opens a separate SQLite connection per transaction, and `PRAGMA busy_timeout` is
 * per connection, so a pragma run once covers only the default connection: a write racing a
 * transaction then fails at once with SQLITE_BUSY. Sequelize has no after-connect hook for SQLite,
 * so every connection it hands out gets the timeout set through node-sqlite3's own configure().
 */
function applyBusyTimeoutToEveryConnection(sequelize: Sequelize, ms = BUSY_TIMEOUT_MS): void {
  const manager = sequelize.connectionManager as unknown as { getConnection(options: unknown): Promise<SqliteConnection> };
  const configured = new WeakSet<SqliteConnection>();
  const getConnection = manager.getConnection.bind(manager);
  manager.getConnection = async (options: unknown) => {
    const connection = await getConnection(options);
    if (!configured.has(connection)) {
      connection.configure('busyTimeout', ms);
      configured.add(connection);
    }
    return connection;
  };
}

/** WAL lets readers proceed during a write; NORMAL sync is durable across process crashes in WAL mode. */
export async function tuneSqlite(target: DatabaseTarget): Promise<void> {
  if (target.dialect !== 'sqlite') return;
  await target.sequelize.query('PRAGMA journal_mode = WAL;');
  await target.sequelize.query('PRAGMA synchronous = NORMAL;');
}
