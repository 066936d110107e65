import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tenant } from '../../../src/auth/models';
import { openDatabase, type Database } from '../../../src/db/database';
import { createMigrator } from '../../../src/db/migrator';
import { KnowledgeEntry, KnowledgeRevision } from '../../../src/knowledge/models';
import { loadIndexableEntries } from '../../../src/knowledge/management/load-indexable-entries';
import { createLogger } from '../../../src/logger';
import { freshMysqlDatabase, mysqlAvailable } from '../../support/test-database';

/** A database at 0001 with entries in it, upgraded by 0002: every entry keeps being served, as published revision 1. */
function migrationSuite(databaseUrl: () => Promise<string>): void {
  let db: Database;
  afterAll(async () => {
    await db?.close();
  });

  it('creates a published revision 1 for each existing entry and keeps them served', async () => {
    const logger = createLogger('silent');
    db = await openDatabase({ url: await databaseUrl(), dataDir: '/tmp', logger, migrate: false });
    const migrator = createMigrator(db.sequelize, logger);
    await migrator.up({ to: '0001-initial-schema' });
    const now = new Date().toISOString().slice(0, 23).replace('T', ' ');
    // Written with SQL, as a 0001-era process would: the model already knows 0002's columns.
    await db.sequelize.query(`INSERT INTO tenants (\`key\`, name, created_at, updated_at) VALUES ('old-shop', 'Old shop', '${now}', '${now}')`);
    const tenant = await Tenant.findOne({ where: { key: 'old-shop' } });
    for (const [slug, title] of [['kb-ship', '多久发货'], ['kb-return', '怎么退货']]) {
      await db.sequelize.query(
        `INSERT INTO knowledge_entries (tenant_id, slug, title, answer, tags, keywords, similar_questions, version, created_at, updated_at)
         VALUES (${tenant?.id}, '${slug}', '${title}', '${title}的答案', '["t"]', '["k"]', '["s"]', 3, '${now}', '${now}')`,
      );
    }
    await migrator.up();
    const tenantId = Number(tenant?.id);
    const revisions = await KnowledgeRevision.findAll({ where: { tenantId }, order: [['entryId', 'ASC']] });
    expect(revisions.map((r) => [r.revision, r.status, r.title, r.tags, r.similarQuestions])).toEqual([
      [1, 'published', '多久发货', ['t'], ['s']],
      [1, 'published', '怎么退货', ['t'], ['s']],
    ]);
    const heads = await KnowledgeEntry.findAll({ where: { tenantId } });
    expect(heads.map((h) => [h.latestRevision, h.publishedRevision, h.version])).toEqual([
      [1, 1, 3],
      [1, 1, 3],
    ]);
    const served = await loadIndexableEntries(tenantId);
    expect(served.map((e) => [e.slug, e.revision, e.keywords])).toEqual([
      ['kb-ship', 1, ['k']],
      ['kb-return', 1, ['k']],
    ]);
    // Entries written straight to the head after the upgrade (the demo seed does this) are served too.
    await KnowledgeEntry.create({ tenantId, slug: 'kb-seeded', title: '种子', answer: '种子答案' });
    expect((await loadIndexableEntries(tenantId)).map((e) => e.slug)).toContain('kb-seeded');

    await migrator.down({ to: '0002-knowledge-revisions' });
    await migrator.up();
  });
}

describe('migration 0002 on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-mig-'));
  migrationSuite(async () => `sqlite:${join(dir, 'kefu.sqlite')}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
});

(mysqlAvailable ? describe : describe.skip)('migration 0002 on MariaDB', () => {
  migrationSuite(() => freshMysqlDatabase('knowledge_mig'));
});
