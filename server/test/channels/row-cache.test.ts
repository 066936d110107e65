import { tmpdir } from 'node:os';
import type { Sequelize } from 'sequelize';
import { Tenant } from '../../src/auth/models';
import { RedisPubSub } from '../../src/channels/pub-sub';
import { RowCache, watchRowWrites } from '../../src/channels/row-cache';
import { openDatabase, type Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { deleteTestRedisKeys } from '../support/redis-keys';
import { testServiceUrls } from '../support/service-urls';
import { describeWithServices, freshMysqlDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

/**
 * Tenant settings and channel accounts are cached per process. Two processes on one MariaDB and one
 * Redis: the writing process drops its copy at once (Sequelize hook), the other on the pub/sub
 * message. The second process gets no hooks here, so only the pub/sub can refresh it.
 */
describeWithServices('row cache invalidated on write across processes (MariaDB + Redis)', () => {
  const prefix = `kefu-test-rows-${process.env.JEST_WORKER_ID ?? '0'}-${Date.now()}`;
  let db: Database;
  let writerPubSub: RedisPubSub;
  let readerPubSub: RedisPubSub;
  let loads = 0;
  const load = (id: number) => {
    loads += 1;
    return Tenant.findOne({ where: { id } });
  };
  const writer = new RowCache<Tenant>('Tenant', load);
  const reader = new RowCache<Tenant>('Tenant', load);

  beforeAll(async () => {
    db = await openDatabase({ url: await freshMysqlDatabase('row_cache'), dataDir: tmpdir(), logger: createLogger('silent'), migrate: true });
    writerPubSub = new RedisPubSub(testServiceUrls().redis, prefix);
    readerPubSub = new RedisPubSub(testServiceUrls().redis, prefix);
    await watchRowWrites(db.sequelize, writerPubSub, [writer as never]);
    await watchRowWrites({ addHook: () => undefined } as unknown as Sequelize, readerPubSub, [reader as never]);
  });
  afterAll(async () => {
    await writerPubSub?.close();
    await readerPubSub?.close();
    await db?.close();
    await deleteTestRedisKeys(prefix);
  });

  it('serves a row from memory until it is written, then reloads it in both processes', async () => {
    const tenant = await Tenant.create({ key: 'cached-shop', name: 'Cached Shop', orderNumberPattern: null });
    expect((await writer.get(tenant.id))?.name).toBe('Cached Shop');
    expect((await reader.get(tenant.id))?.name).toBe('Cached Shop');
    const loadsWhenWarm = loads;
    await writer.get(tenant.id);
    await reader.get(tenant.id);
    expect(loads).toBe(loadsWhenWarm);

    await tenant.update({ name: 'Renamed Shop' });
    expect((await writer.get(tenant.id))?.name).toBe('Renamed Shop');
    await waitFor('the other process to drop its copy', async () => (await reader.get(tenant.id))?.name === 'Renamed Shop');
  });

  it('drops every row of the model on a bulk update', async () => {
    const tenant = await Tenant.create({ key: 'bulk-shop', name: 'Bulk Shop', orderNumberPattern: null });
    await writer.get(tenant.id);
    await reader.get(tenant.id);
    await Tenant.update({ name: 'Bulk Renamed' }, { where: { id: tenant.id } });
    expect((await writer.get(tenant.id))?.name).toBe('Bulk Renamed');
    await waitFor('the other process to drop its copies', async () => (await reader.get(tenant.id))?.name === 'Bulk Renamed');
  });
});
