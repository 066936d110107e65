import { createEmbedder } from '../../../src/knowledge/retrieval/create-embedder';
import { KnowledgeRetriever } from '../../../src/knowledge/retrieval/knowledge-retriever';
import { LocalEmbedder } from '../../../src/knowledge/retrieval/local-embedder';
import { OpenAIEmbedder } from '../../../src/knowledge/retrieval/openai-embedder';
import { startEmbeddingServer, type EmbeddingRequest, type EmbeddingServer } from '../../support/embedding-server';
import { createTenantWithEntries, openRetrieverFixture, type RetrieverFixture } from './retriever-fixture';

jest.setTimeout(60_000);

describe('OpenAIEmbedder against a local OpenAI-protocol server', () => {
  let server: EmbeddingServer;
  let baseUrl: string;
  let requests: EmbeddingRequest[];

  beforeAll(async () => {
    server = await startEmbeddingServer();
    ({ baseUrl, requests } = server);
  });

  afterAll(async () => {
    await server.close();
  });

  it('probes the dimensions, batches, authenticates and keeps input order', async () => {
    requests.length = 0;
    const embedder = await OpenAIEmbedder.connect({ baseUrl, apiKey: 'sk-test', model: 'bge-m3', batchSize: 2 });
    expect(embedder.dimensions).toBe(8);
    expect(embedder.id).toBe('openai-bge-m3-8');
    const texts = ['aaaa', 'b', 'ccc', 'dd', 'e'];
    const vectors = await embedder.embed(texts);
    expect(requests.map((r) => r.inputs.length)).toEqual([1, 2, 2, 1]);
    expect(requests.every((r) => r.auth === 'Bearer sk-test')).toBe(true);
    // Order: vector i has its mass in the bucket of texts[i]'s character.
    texts.forEach((text, i) => {
      const bucket = text.codePointAt(0)! % 8;
      expect(Math.max(...vectors[i])).toBe(vectors[i][bucket]);
      expect(Math.hypot(...vectors[i])).toBeCloseTo(1, 6);
    });
  });

  it('is chosen by createEmbedder only when base URL, key and EMBEDDING_MODEL are all set, and passes dimensions', async () => {
    expect(await createEmbedder({ LLM_BASE_URL: baseUrl, LLM_API_KEY: 'k' })).toBeInstanceOf(LocalEmbedder);
    requests.length = 0;
    const embedder = await createEmbedder({ LLM_BASE_URL: baseUrl, LLM_API_KEY: 'k', EMBEDDING_MODEL: 'text-embedding-3-small', EMBEDDING_DIMENSIONS: '16' });
    expect(embedder.id).toBe('openai-text-embedding-3-small-16');
    expect(requests[0].dimensions).toBe(16);
  });

  it('indexes into a separate collection per embedder and retrieves with it', async () => {
    const fixture: RetrieverFixture = await openRetrieverFixture();
    try {
      const tenantId = await createTenantWithEntries(`oa-${Date.now().toString(36)}`, [
        { slug: 'refund', title: '退款多久到账？', answer: '退款原路退回，1-3个工作日到账。' },
        { slug: 'invoice', title: '可以开发票吗？', answer: '可以开电子普通发票。' },
      ]);
      const remote = new KnowledgeRetriever({ vectors: fixture.vectors, embedder: await OpenAIEmbedder.connect({ baseUrl, apiKey: 'k', model: 'bge-m3' }), logger: fixture.logger });
      const local = new KnowledgeRetriever({ vectors: fixture.vectors, embedder: new LocalEmbedder(), logger: fixture.logger });
      expect(remote.collectionFor(tenantId)).not.toBe(local.collectionFor(tenantId));
      await remote.indexTenant(tenantId);
      const results = await remote.search(tenantId, '退款到账', 2);
      expect(results[0].slug).toBe('refund');
      expect(results[0].matchedBy).toContain('vector');
      await remote.dropTenant(tenantId);
    } finally {
      await fixture.close();
    }
  });
});
