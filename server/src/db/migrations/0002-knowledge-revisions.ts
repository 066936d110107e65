import { DataTypes, type QueryInterface } from 'sequelize';
import { columnKit } from './column-helpers';
import type { Migration } from './migration';

const str = (length = 255, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
const nullableDate = () => ({ type: DataTypes.DATE(3), allowNull: true });

/**
 * Knowledge management: revision history, workflow, validity windows, relations and import batches.
 * knowledge_entries stays the head row (what the current word search reads); existing entries get a
 * published revision 1 so everything served before the upgrade is still served after it.
 */
async function up(qi: QueryInterface): Promise<void> {
  const c = columnKit(qi);

  await qi.addColumn('knowledge_entries', 'latest_revision', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  await qi.addColumn('knowledge_entries', 'published_revision', { type: DataTypes.INTEGER, allowNull: true });
  await qi.addColumn('knowledge_entries', 'category', str(32, true));
  await qi.addColumn('knowledge_entries', 'valid_from', nullableDate());
  await qi.addColumn('knowledge_entries', 'valid_until', nullableDate());

  await qi.createTable('knowledge_revisions', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    entry_id: c.ref('knowledge_entries'),
    revision: { type: DataTypes.INTEGER, allowNull: false },
    title: str(300),
    answer: { type: DataTypes.TEXT, allowNull: false },
    tags: c.json(),
    keywords: c.json(),
    similar_questions: c.json(),
    category: str(32, true),
    product_ids: c.json(),
    status: str(16),
    valid_from: nullableDate(),
    valid_until: nullableDate(),
    author_user_id: c.ref('users', true, 'SET NULL'),
    note: str(500, true),
    ...c.timestamps(),
  });
  await qi.addIndex('knowledge_revisions', ['entry_id', 'revision'], { unique: true, name: 'knowledge_revisions_entry_revision_unique' });
  await qi.addIndex('knowledge_revisions', ['tenant_id', 'status'], { name: 'knowledge_revisions_tenant_status' });

  await qi.createTable('knowledge_relations', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    from_type: str(16),
    from_id: { ...c.id(), primaryKey: false, autoIncrement: false },
    to_type: str(16),
    to_id: { ...c.id(), primaryKey: false, autoIncrement: false },
    kind: str(32),
    ...c.timestamps(),
  });
  await qi.addIndex('knowledge_relations', ['tenant_id', 'from_type', 'from_id', 'to_type', 'to_id', 'kind'], { unique: true, name: 'knowledge_relations_unique' });
  await qi.addIndex('knowledge_relations', ['tenant_id', 'to_type', 'to_id'], { name: 'knowledge_relations_to' });

  await qi.createTable('knowledge_imports', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    status: str(16),
    total: { type: DataTypes.INTEGER, allowNull: false },
    done: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    failed: c.json(),
    entry_ids: c.longText(),
    publish: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    created_by_user_id: c.ref('users', true, 'SET NULL'),
    ...c.timestamps(),
  });
  await qi.addIndex('knowledge_imports', ['tenant_id', 'status'], { name: 'knowledge_imports_tenant_status' });

  await qi.createTable('knowledge_import_files', {
    id: c.id(),
    tenant_id: c.ref('tenants'),
    import_id: c.ref('knowledge_imports'),
    position: { type: DataTypes.INTEGER, allowNull: false },
    name: str(255),
    content_base64: c.longText(),
    status: str(16),
    error: str(1000, true),
    entry_ids: c.json(),
    ...c.timestamps(),
  });
  await qi.addIndex('knowledge_import_files', ['import_id', 'position'], { unique: true, name: 'knowledge_import_files_position_unique' });

  // Same SQL on both dialects: every existing entry becomes its own published revision 1.
  await qi.sequelize.query(
    `INSERT INTO knowledge_revisions
       (tenant_id, entry_id, revision, title, answer, tags, keywords, similar_questions, category, product_ids, status,
        valid_from, valid_until, author_user_id, note, created_at, updated_at)
     SELECT tenant_id, id, 1, title, answer, tags, keywords, similar_questions, NULL, '[]', 'published',
        NULL, NULL, NULL, 'created by migration 0002 from the existing entry', created_at, updated_at
     FROM knowledge_entries`,
  );
  await qi.sequelize.query('UPDATE knowledge_entries SET latest_revision = 1, published_revision = 1');
}

async function down(qi: QueryInterface): Promise<void> {
  for (const table of ['knowledge_import_files', 'knowledge_imports', 'knowledge_relations', 'knowledge_revisions']) {
    await qi.dropTable(table);
  }
  for (const column of ['valid_until', 'valid_from', 'category', 'published_revision', 'latest_revision']) {
    // Sequelize's SQLite removeColumn rebuilds the table and trips over its unique index; SQLite
    // 3.35+ drops a plain column in place.
    if (qi.sequelize.getDialect() === 'sqlite') await qi.sequelize.query(`ALTER TABLE knowledge_entries DROP COLUMN ${column}`);
    else await qi.removeColumn('knowledge_entries', column);
  }
}

export const knowledgeRevisions: Migration = { name: '0002-knowledge-revisions', up, down };
