import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sequelize, Transaction } from 'sequelize';
import { createSequelize, tuneSqlite } from '../../src/db/create-sequelize';
import { createLogger } from '../../src/logger';

/**
 * Writers waiting for SQLite's write lock, as the embedded set-up has them under load (four inbound
 * jobs, four deliveries and the HTTP handlers): waiting must neither block the lock holder nor give up
 * on a holder that takes a while.
 */
describe('SQLite write-lock waits', () => {
  let dir: string;
  let sequelize: Sequelize;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-sqlite-lock-'));
    const target = createSequelize(undefined, dir, createLogger('silent'));
    await tuneSqlite(target);
    sequelize = target.sequelize;
    await sequelize.query('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  });

  afterEach(async () => {
    await sequelize.close();
    await rm(dir, { recursive: true, force: true });
  });

  const insert = (text: string, transaction: Transaction) => sequelize.query('INSERT INTO notes (text) VALUES (?)', { replacements: [text], transaction });
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const count = async () => ((await sequelize.query('SELECT COUNT(*) AS n FROM notes', { plain: true })) as { n: number }).n;

  /** A transaction that takes the lock, then waits for `release` before its next statement, as a job awaits other work. */
  function holdLock(release: Promise<void>): Promise<string> {
    return sequelize.transaction(async (transaction) => {
      await insert('holder', transaction);
      await release;
      await insert('holder again', transaction);
      return 'committed';
    });
  }

  it('lets the lock holder finish while as many writers wait as node-sqlite3 has threads', async () => {
    let release!: () => void;
    const holder = holdLock(new Promise<void>((resolve) => (release = resolve)));
    await sleep(50);
    // libuv's pool has 4 threads; a waiter sleeping in SQLite's busy handler keeps one.
    const waiters = [1, 2, 3, 4].map((i) => sequelize.transaction((transaction) => insert(`waiter ${i}`, transaction)));
    await sleep(200);
    release();
    // Before the fix the holder got a thread only when a waiter's 10 s busy timeout ran out.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still waiting for a thread'), 5_000)));
    const outcome = await Promise.race([holder, deadline]);
    clearTimeout(timer);
    expect(outcome).toBe('committed');
    await Promise.all(waiters);
    expect(await count()).toBe(6);
  }, 20_000);

  it('keeps a writer waiting for a holder that keeps the lock for seconds', async () => {
    const holder = holdLock(sleep(2_000));
    await sleep(50);
    const waiter = sequelize.transaction((transaction) => insert('waiter', transaction));
    await expect(waiter).resolves.toBeDefined();
    await expect(holder).resolves.toBe('committed');
    expect(await count()).toBe(3);
  }, 20_000);
});
