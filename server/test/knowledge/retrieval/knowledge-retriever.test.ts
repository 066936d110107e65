import { KnowledgeEntry } from '../../../src/knowledge/models';
import { KnowledgeRetriever } from '../../../src/knowledge/retrieval/knowledge-retriever';
import { LocalEmbedder } from '../../../src/knowledge/retrieval/local-embedder';
import { demoKnowledge } from '../../../src/demo/demo-knowledge';
import { createTenantWithEntries, openRetrieverFixture, type RetrieverFixture } from './retriever-fixture';

jest.setTimeout(120_000);

describe('KnowledgeRetriever on SQLite + a real Chroma', () => {
  let fixture: RetrieverFixture;
  let retriever: KnowledgeRetriever;
  let tenantA: number;
  let tenantB: number;
  const suffix = Date.now().toString(36);

  beforeAll(async () => {
    fixture = await openRetrieverFixture();
    tenantA = await createTenantWithEntries(`a-${suffix}`, demoKnowledge.map((e) => ({ slug: e.id, title: e.title, answer: e.answer, keywords: e.keywords, similarQuestions: e.similarQuestions })));
    tenantB = await createTenantWithEntries(`b-${suffix}`, [
      { slug: 'b-refund', title: '退款规则', answer: '本店退款3个工作日内处理。', keywords: ['退款'] },
      { slug: 'b-hours', title: '营业时间', answer: '每天10点到22点。' },
    ]);
    retriever = new KnowledgeRetriever({ vectors: fixture.vectors, embedder: new LocalEmbedder(), logger: fixture.logger });
    expect(await retriever.indexTenant(tenantA)).toEqual({ entries: demoKnowledge.length });
    expect(await retriever.indexTenant(tenantB)).toEqual({ entries: 2 });
  });

  afterAll(async () => {
    await retriever?.dropTenant(tenantA);
    await retriever?.dropTenant(tenantB);
    await fixture?.close();
  });

  it('answers a colloquial question with the right entry from both retrievers', async () => {
    const results = await retriever.search(tenantA, '申请退钱以后钱多久到账', 5);
    expect(results[0].slug).toBe('kb-refund-timing');
    expect(results[0].matchedBy).toEqual(['lexical', 'vector']);
    expect(results.length).toBeLessThanOrEqual(5);
    expect(new Set(results.map((r) => r.entryId)).size).toBe(results.length);
    for (let i = 1; i < results.length; i += 1) expect(results[i].score).toBeLessThanOrEqual(results[i - 1].score);
  });

  it('keeps tenants apart: B never sees A entries, lexically or by vector', async () => {
    const aIds = new Set((await KnowledgeEntry.findAll({ where: { tenantId: tenantA } })).map((e) => Number(e.id)));
    for (const query of ['退款多久到账', '发什么快递', '花呗分期', '营业时间']) {
      const results = await retriever.search(tenantB, query, 10);
      for (const r of results) expect(aIds.has(r.entryId)).toBe(false);
      expect(results.every((r) => r.slug.startsWith('b-'))).toBe(true);
    }
    expect(retriever.collectionFor(tenantA)).not.toBe(retriever.collectionFor(tenantB));
    const fromA = await retriever.search(tenantA, '营业时间', 10);
    expect(fromA.some((r) => r.slug.startsWith('b-'))).toBe(false);
  });

  it('gives answer() a confidence in [0,1] that is higher for a clear question than for noise', async () => {
    const clear = await retriever.answer(tenantA, '可以开发票吗');
    const vague = await retriever.answer(tenantA, '嗯嗯好的吧');
    if (!clear || 'unserved' in clear || (vague && 'unserved' in vague)) throw new Error('every entry is served here');
    expect(clear.slug).toBe('kb-invoice-electronic');
    expect(clear.confidence).toBeGreaterThan(0);
    expect(clear.confidence).toBeLessThanOrEqual(1);
    if (vague) expect(vague.confidence).toBeLessThan(clear.confidence);
  });

  it('re-indexes atomically: searches during a rebuild see the old or the new index, never nothing', async () => {
    const oldIds = new Set((await retriever.search(tenantB, '退款', 10)).map((r) => r.entryId));
    expect(oldIds.size).toBeGreaterThan(0);
    const added = await KnowledgeEntry.create({ tenantId: tenantB, slug: 'b-refund-2', title: '退款到账时间', answer: '退款原路返回，1到3天到账。', keywords: ['退款'], similarQuestions: [] });
    const rebuilding = retriever.indexTenant(tenantB);
    let finished = false;
    void rebuilding.then(() => (finished = true));
    let searches = 0;
    while (!finished) {
      const results = await retriever.search(tenantB, '退款', 10);
      expect(results.length).toBeGreaterThan(0);
      searches += 1;
    }
    await rebuilding;
    expect(searches).toBeGreaterThan(0);
    const after = await retriever.search(tenantB, '退款到账', 10);
    expect(after.map((r) => r.entryId)).toContain(Number(added.id));
    // A deleted entry disappears on the next re-index, from both sides.
    await KnowledgeEntry.destroy({ where: { tenantId: tenantB, slug: 'b-refund-2' }, hooks: false });
    await retriever.indexTenant(tenantB);
    expect((await retriever.search(tenantB, '退款到账', 10)).map((r) => r.entryId)).not.toContain(Number(added.id));
  });
});
