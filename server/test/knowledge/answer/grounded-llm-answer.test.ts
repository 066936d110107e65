import { answerFromKnowledge } from '../../../src/knowledge/answer/answer-from-knowledge';
import { answerWithModel } from '../../../src/knowledge/answer/answer-with-model';
import { GroundedLlmAnswerer } from '../../../src/knowledge/answer/grounded-llm-answer';
import { KnowledgeRetriever } from '../../../src/knowledge/retrieval/knowledge-retriever';
import { LocalEmbedder } from '../../../src/knowledge/retrieval/local-embedder';
import { answerWith, startFakeOpenAi, type FakeOpenAi, type Handler } from '../../support/fake-openai';
import { createTenantWithEntries, openRetrieverFixture, type RetrieverFixture } from '../retrieval/retriever-fixture';

jest.setTimeout(120_000);

interface GroundedRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format: { type: string; json_schema: { name: string; strict: boolean; schema: { properties: { citations: { items: { properties: { entry_id: { enum: number[] } } } } } } } };
}

interface PromptEntry {
  entry_id: number;
  revision: number;
  title: string;
  content: string;
}

const reply = (body: unknown): Handler<GroundedRequestBody> => answerWith<GroundedRequestBody>(JSON.stringify(body));
const promptOf = (body: GroundedRequestBody): { question: string; entries: PromptEntry[] } => JSON.parse(body.messages[1].content) as { question: string; entries: PromptEntry[] };

/** Real retriever over SQLite (+ the run's Chroma); the model is a local chat-completions server. */
describe('grounded knowledge answers from an OpenAI-compatible model', () => {
  let fixture: RetrieverFixture;
  let fake: FakeOpenAi<GroundedRequestBody>;
  let handler: Handler<GroundedRequestBody>;
  let retriever: KnowledgeRetriever;
  let tenantId: number;
  let model: GroundedLlmAnswerer;
  const warnings: Record<string, unknown>[] = [];

  beforeAll(async () => {
    fixture = await openRetrieverFixture();
    fake = await startFakeOpenAi<GroundedRequestBody>((req, res) => handler(req, res));
    tenantId = await createTenantWithEntries(`grounded-${Date.now().toString(36)}`, [
      { slug: 'refund-time', title: '退款多久到账', answer: '退款原路返回，1到3个工作日到账。', keywords: ['退款', '到账'] },
      { slug: 'invoice', title: '可以开发票吗', answer: '支持电子普通发票，下单时填写抬头即可。', keywords: ['发票'] },
      { slug: 'shipping', title: '多久发货', answer: '{product}付款后48小时内发货。', keywords: ['发货'] },
    ]);
    retriever = new KnowledgeRetriever({ vectors: fixture.vectors, embedder: new LocalEmbedder(), logger: fixture.logger, defaultStages: 'lexical' });
    await retriever.indexTenant(tenantId);
    const logger = { warn: (fields: Record<string, unknown>) => warnings.push(fields) } as unknown as ConstructorParameters<typeof GroundedLlmAnswerer>[0]['logger'];
    model = new GroundedLlmAnswerer({ baseUrl: fake.baseUrl, apiKey: 'sk-test', model: 'test-model', timeoutMs: 800, logger });
  });
  beforeEach(() => {
    fake.requests = [];
    warnings.length = 0;
  });
  afterAll(async () => {
    await retriever?.dropTenant(tenantId);
    await fake?.close();
    await fixture?.close();
  });

  it('answers from the retrieved entries, citing entry ids and revisions, with the shopper\'s phone masked in the prompt', async () => {
    handler = (req, res) => {
      const refund = promptOf(req.body).entries.find((e) => e.title === '退款多久到账');
      reply({ supported: true, answer: '退款会原路返回，一般1到3个工作日到账。', citations: refund ? [{ entry_id: refund.entry_id, revision: refund.revision }] : [] })(req, res);
    };
    const decision = await answerWithModel(retriever, model, { tenantId, question: '我退款了多久到账？我电话13812345678', slots: {} });

    expect(fake.requests).toHaveLength(1);
    const { body, raw } = fake.requests[0];
    expect(raw).not.toContain('13812345678');
    expect(promptOf(body).question).toContain('138****5678');
    expect(body.response_format.type).toBe('json_schema');
    const [refund] = await retriever.servedEntries(tenantId, promptOf(body).entries.map((e) => e.entry_id));
    expect(body.response_format.json_schema.schema.properties.citations.items.properties.entry_id.enum).toContain(refund.id);

    expect(decision).toMatchObject({ outcome: 'answered', composer: 'model', text: '退款会原路返回，一般1到3个工作日到账。', slug: 'refund-time' });
    expect(decision.sources[0]).toMatchObject({ entryId: refund.id, revision: refund.version, cited: true });
    expect(decision.sources.filter((s) => s.cited)).toHaveLength(1);
  });

  it('refuses (low confidence → handoff offer) when the model says the entries do not support an answer', async () => {
    handler = reply({ supported: false, answer: '', citations: [] });
    const decision = await answerWithModel(retriever, model, { tenantId, question: '退款到账了但是金额不对怎么办', slots: {} });
    expect(fake.requests).toHaveLength(1);
    expect(decision).toMatchObject({ outcome: 'low_confidence', composer: 'model' });
    expect(decision.text).toBeUndefined();
    expect(decision.sources.some((s) => s.cited)).toBe(false);
  });

  it('refuses an answer citing an entry it was not given, or citing none', async () => {
    handler = reply({ supported: true, answer: '七天无理由退货。', citations: [{ entry_id: 999_999, revision: 1 }] });
    const invented = await answerWithModel(retriever, model, { tenantId, question: '退款多久到账', slots: {} });
    expect(invented).toMatchObject({ outcome: 'low_confidence', composer: 'model' });
    expect(invented.refusal).toContain('999999');

    handler = (req, res) => {
      const first = promptOf(req.body).entries[0];
      reply({ supported: true, answer: '七天无理由退货。', citations: [{ entry_id: first.entry_id, revision: first.revision + 1 }] })(req, res);
    };
    const wrongRevision = await answerWithModel(retriever, model, { tenantId, question: '退款多久到账', slots: {} });
    expect(wrongRevision.outcome).toBe('low_confidence');

    handler = reply({ supported: true, answer: '一般三天。', citations: [] });
    const uncited = await answerWithModel(retriever, model, { tenantId, question: '退款多久到账', slots: {} });
    expect(uncited.outcome).toBe('low_confidence');
  });

  it('falls back to the model-free answer on a timeout, an HTTP error or malformed JSON', async () => {
    const modelFree = await answerFromKnowledge(retriever, { tenantId, question: '运动鞋多久发货', slots: { product: '运动鞋' } });
    expect(modelFree).toMatchObject({ outcome: 'answered', composer: 'template', text: '运动鞋付款后48小时内发货。' });

    // Never answers: only the 800 ms deadline can end the call (without it the test hangs until jest's timeout).
    handler = () => undefined;
    expect(await answerWithModel(retriever, model, { tenantId, question: '运动鞋多久发货', slots: { product: '运动鞋' } })).toEqual(modelFree);

    handler = (_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"overloaded"}}');
    expect(await answerWithModel(retriever, model, { tenantId, question: '运动鞋多久发货', slots: { product: '运动鞋' } })).toEqual(modelFree);

    handler = answerWith('sure, it ships in 2 days');
    expect(await answerWithModel(retriever, model, { tenantId, question: '运动鞋多久发货', slots: { product: '运动鞋' } })).toEqual(modelFree);
    expect(warnings).toHaveLength(3);
    expect(JSON.stringify(warnings)).not.toContain('运动鞋');
  });

  it('gives the model the entries with their slots filled, and is not asked when nothing matched', async () => {
    handler = (req, res) => {
      const shipping = promptOf(req.body).entries.find((e) => e.content.includes('48小时'));
      reply({ supported: true, answer: shipping?.content ?? '', citations: shipping ? [{ entry_id: shipping.entry_id, revision: shipping.revision }] : [] })(req, res);
    };
    const decision = await answerWithModel(retriever, model, { tenantId, question: '运动鞋多久发货', slots: { product: '运动鞋' } });
    expect(decision).toMatchObject({ outcome: 'answered', text: '运动鞋付款后48小时内发货。', slug: 'shipping' });

    fake.requests = [];
    const nothing = await answerWithModel(retriever, model, { tenantId, question: 'zzzz', slots: {} });
    expect(nothing.outcome).toBe('no_match');
    expect(fake.requests).toHaveLength(0);
  });
});
