import { answerFromKnowledge } from '../../../src/knowledge/answer/answer-from-knowledge';
import { KnowledgeEntry } from '../../../src/knowledge/models';
import { KnowledgeRetriever } from '../../../src/knowledge/retrieval/knowledge-retriever';
import { OpenAIEmbedder } from '../../../src/knowledge/retrieval/openai-embedder';
import { startEmbeddingServer, type EmbeddingServer } from '../../support/embedding-server';
import { createTenantWithEntries, openRetrieverFixture, type RetrieverFixture } from '../retrieval/retriever-fixture';

jest.setTimeout(60_000);

/**
 * An entry whose validity window closes while the search waits on the embedding provider: the
 * search found it, but when the answer is taken the retriever has re-indexed without it. The answer
 * step must say so (`revision_not_served`), not that nothing matched. The database and Chroma are
 * real; the provider is a local server speaking its protocol, answering slowly at the chosen moment.
 */
describe('an entry that stops being served while the search waits', () => {
  let fixture: RetrieverFixture;
  let provider: EmbeddingServer;
  beforeAll(async () => {
    [fixture, provider] = await Promise.all([openRetrieverFixture(), startEmbeddingServer()]);
  });
  afterAll(async () => {
    await provider?.close();
    await fixture?.close();
  });

  it('records revision_not_served with the entry it matched, instead of no_match', async () => {
    const tenantId = await createTenantWithEntries(`unserved-${Date.now().toString(36)}`, [
      { slug: 'store', title: '有线下实体店吗？', answer: '本店只在线上销售，暂无线下实体店。', keywords: ['实体店', '门店'] },
      { slug: 'invoice', title: '可以开发票吗？', answer: '可以开电子普通发票。', keywords: ['发票'] },
    ]);
    // Long enough to index and answer once inside the window, on a loaded machine too.
    const validUntil = new Date(Date.now() + 4_000);
    await KnowledgeEntry.update({ validUntil }, { where: { tenantId, slug: 'store' } });
    const entry = await KnowledgeEntry.findOne({ where: { tenantId, slug: 'store' } });
    const embedder = await OpenAIEmbedder.connect({ baseUrl: provider.baseUrl, apiKey: 'k', model: 'bge-m3' });
    const retriever = new KnowledgeRetriever({ vectors: fixture.vectors, embedder, logger: fixture.logger, defaultStages: 'full' });
    try {
      await retriever.indexTenant(tenantId);
      const question = { tenantId, question: '你们有线下实体店吗', slots: {} };
      const served = await answerFromKnowledge(retriever, question, 0);
      expect(served).toMatchObject({ outcome: 'answered', slug: 'store' });
      if (Date.now() > validUntil.getTime() - 500) throw new Error('indexing and one answer outlasted the window: the machine is too loaded for this test');

      // The question's embedding comes back only after the window has closed.
      provider.holdUntil(validUntil.getTime() + 300);
      const decision = await answerFromKnowledge(retriever, question, 0);
      expect(decision.outcome).toBe('no_match');
      expect(decision.refusal).toMatch(/^revision_not_served: /);
      expect(decision.sources).toEqual([expect.objectContaining({ entryId: entry!.id, slug: 'store' })]);

      // Asked again, the expired entry is simply not there: that is a plain no match, or another entry.
      provider.holdUntil(0);
      const after = await answerFromKnowledge(retriever, question, 0);
      expect(after.sources.map((s) => s.slug)).not.toContain('store');
    } finally {
      await retriever.dropTenant(tenantId);
    }
  });
});
