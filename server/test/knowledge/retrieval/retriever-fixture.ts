import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Tenant } from '../../../src/auth/models';
import { openDatabase, type Database } from '../../../src/db/database';
import { KnowledgeEntry } from '../../../src/knowledge/models';
import { VectorStore } from '../../../src/vectors/vector-store';
import { chromaUrl } from '../../support/test-database';

export interface RetrieverFixture {
  db: Database;
  vectors: VectorStore;
  logger: pino.Logger;
  dataDir: string;
  close(): Promise<void>;
}

/** A fresh SQLite database (migrated like the embedded server) and the run's real Chroma. */
export async function openRetrieverFixture(): Promise<RetrieverFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-retrieval-'));
  const logger = pino({ level: 'silent' });
  const db = await openDatabase({ url: `sqlite:${join(dataDir, 'kb.sqlite')}`, dataDir, logger, migrate: true });
  return {
    db,
    vectors: new VectorStore(chromaUrl(), { logger }),
    logger,
    dataDir,
    close: async () => {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createTenantWithEntries(key: string, entries: { slug: string; title: string; answer: string; keywords?: string[]; similarQuestions?: string[] }[]): Promise<number> {
  const tenant = await Tenant.create({ key, name: key, orderNumberPattern: null });
  const tenantId = Number(tenant.id);
  await KnowledgeEntry.bulkCreate(entries.map((e) => ({ tenantId, slug: e.slug, title: e.title, answer: e.answer, keywords: e.keywords ?? [], similarQuestions: e.similarQuestions ?? [] })));
  return tenantId;
}
