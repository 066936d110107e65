import { KnowledgeEntry } from '../../../src/knowledge/models';
import type { Embedder } from '../../../src/knowledge/retrieval/embedder';
import { KnowledgeRetriever } from '../../../src/knowledge/retrieval/knowledge-retriever';
import { LocalEmbedder } from '../../../src/knowledge/retrieval/local-embedder';
import { createTenantWithEntries, openRetrieverFixture, type RetrieverFixture } from './retriever-fixture';

jest.setTimeout(120_000);

/** The real local embedder, counting how many texts it was asked to embed. */
class CountingEmbedder implements Embedder {
  readonly inner = new LocalEmbedder();
  readonly id = this.inner.id;
  readonly dimensions = this.inner.dimensions;
  texts = 0;
  embed(texts: string[]): Promise<number[][]> {
    this.texts += texts.length;
    return this.inner.embed(texts);
  }
}

describe('KnowledgeRetriever keeps itself fresh (SQLite + a real Chroma)', () => {
  let fixture: RetrieverFixture;
  let tenantId: number;
  const retrievers: KnowledgeRetriever[] = [];
  const open = (embedder: Embedder) => {
    const retriever = new KnowledgeRetriever({ vectors: fixture.vectors, embedder, logger: fixture.logger, defaultStages: 'full' });
    retrievers.push(retriever);
    return retriever;
  };

  beforeAll(async () => {
    fixture = await openRetrieverFixture();
    tenantId = await createTenantWithEntries(`fresh-${Date.now().toString(36)}`, [
      { slug: 'refund', title: '退款多久到账', answer: '退款原路返回，1到3个工作日到账。', keywords: ['退款'] },
      { slug: 'invoice', title: '可以开发票吗', answer: '支持电子普通发票。', keywords: ['发票'] },
    ]);
  });
  afterAll(async () => {
    await retrievers[0]?.dropTenant(tenantId);
    await fixture?.close();
  });

  it('does not embed again after a restart, only what changed', async () => {
    const first = new CountingEmbedder();
    await open(first).indexTenant(tenantId);
    expect(first.texts).toBeGreaterThan(0);

    // A second process over the same Chroma: every chunk is already there with its fingerprint.
    const restarted = new CountingEmbedder();
    const retriever = open(restarted);
    await retriever.indexTenant(tenantId);
    expect(restarted.texts).toBe(0);
    expect((await retriever.search(tenantId, '退款几天到账', 1))[0]).toMatchObject({ slug: 'refund', matchedBy: ['lexical', 'vector'] });

    // Editing one entry re-embeds that entry's chunks only (question + one answer chunk); the
    // search above embedded its query, so count from here.
    restarted.texts = 0;
    await KnowledgeEntry.update({ answer: '退款原路返回，24小时内到账。', version: 2 }, { where: { tenantId, slug: 'refund' } });
    await retriever.indexTenant(tenantId);
    expect(restarted.texts).toBe(2);
  });

  it('notices changes made elsewhere on the next search, and a validity window closing by itself', async () => {
    const retriever = open(new LocalEmbedder());
    expect((await retriever.search(tenantId, '双12活动', 5)).map((r) => r.slug)).not.toContain('promo');
    // Written straight to the table, as another process would: no call on this retriever.
    await KnowledgeEntry.create({ tenantId, slug: 'promo', title: '双12活动有什么优惠', answer: '12月12日全场满300减50。', keywords: ['双12'], similarQuestions: [], validUntil: new Date(Date.now() + 2500) });
    retriever.invalidate(tenantId);
    expect((await retriever.search(tenantId, '双12活动', 5))[0]?.slug).toBe('promo');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await retriever.search(tenantId, '双12活动', 5)).map((r) => r.slug)).not.toContain('promo');
  });

  it('notices another process\'s change without invalidate(), checking beside the search rather than in it', async () => {
    const retriever = open(new LocalEmbedder());
    expect((await retriever.search(tenantId, '以旧换新', 5)).map((r) => r.slug)).not.toContain('trade-in');
    await KnowledgeEntry.create({ tenantId, slug: 'trade-in', title: '支持以旧换新吗', answer: '支持以旧换新，旧机估价抵扣货款。', keywords: ['以旧换新'], similarQuestions: [] });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // This search starts the freshness check but does not wait for it: it is answered from the old snapshot.
    expect((await retriever.search(tenantId, '以旧换新', 5)).map((r) => r.slug)).not.toContain('trade-in');
    const deadline = Date.now() + 15_000;
    let slugs: string[] = [];
    while (Date.now() < deadline) {
      slugs = (await retriever.search(tenantId, '以旧换新', 5)).map((r) => r.slug);
      if (slugs.includes('trade-in')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(slugs[0]).toBe('trade-in');
  });
});
