import type { Logger } from '../../../src/logger';
import { LlmIntentFallback, shouldAskModel } from '../../../src/nlu/llm/llm-intent-fallback';
import { STANDARD_INTENT_DESCRIPTIONS } from '../../../src/nlu/llm/standard-intent-descriptions';
import { answerWith as answerWithContent, startFakeOpenAi as startFake, type FakeOpenAi as SupportFakeOpenAi, type Handler as SupportHandler, type RecordedRequest as SupportRecordedRequest } from '../../support/fake-openai';

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format: { type: string; json_schema: { name: string; strict: boolean; schema: { properties: { intent: { enum: string[] } }; required: string[]; additionalProperties: boolean } } };
}

type RecordedRequest = SupportRecordedRequest<ChatBody>;
type Handler = SupportHandler<ChatBody>;
type FakeOpenAi = SupportFakeOpenAi<ChatBody>;

const answerWith = (content: string): Handler => answerWithContent<ChatBody>(content);
const startFakeOpenAi = (handler: Handler): Promise<FakeOpenAi> => startFake<ChatBody>(handler);

const ALLOWED = [
  { id: 'order.track', description: 'where is my order — 快递到哪了' },
  { id: 'refund.request', description: 'return/refund — 我要退货' },
  { id: 'merchant.engraving', description: '刻字服务 — 能刻字吗' },
];

describe('LlmIntentFallback against a local OpenAI-compatible server', () => {
  let fake: FakeOpenAi;
  let requests: RecordedRequest[];
  let logged: Record<string, unknown>[];
  let handler: Handler;

  beforeAll(async () => {
    fake = await startFakeOpenAi((req, res) => handler(req, res));
  });

  beforeEach(() => {
    fake.requests = [];
    requests = fake.requests;
    logged = [];
    handler = answerWith(JSON.stringify({ intent: 'order.track', confidence: 0.82 }));
  });

  afterAll(async () => {
    await fake.close();
  });

  /** The hanging cases get their own server: cutting its sockets must not disturb keep-alive on the shared one. */
  async function withOwnServer(own: Handler, run: (baseUrl: string, seen: RecordedRequest[]) => Promise<void>): Promise<void> {
    const server = await startFakeOpenAi(own);
    try {
      await run(server.baseUrl, server.requests);
    } finally {
      await server.close();
    }
  }

  function fallback(timeoutMs = 2000, baseUrl = fake.baseUrl): LlmIntentFallback {
    // Only warn() is used; a recording stand-in shows what would be logged.
    const logger = { warn: (fields: Record<string, unknown>) => logged.push(fields) } as unknown as Logger;
    return new LlmIntentFallback({ baseUrl, apiKey: 'sk-test-key', model: 'test-model', timeoutMs, logger });
  }

  it('returns the model intent and sends a json_schema response_format whose enum is the allowed ids', async () => {
    const answer = await fallback().classify('东西到哪了啊', ALLOWED);
    expect(answer).toEqual({ intent: 'order.track', confidence: 0.82 });

    expect(requests).toHaveLength(1);
    const { body, headers } = requests[0];
    expect(headers.authorization).toBe('Bearer sk-test-key');
    expect(body.model).toBe('test-model');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.schema.properties.intent.enum).toEqual(['order.track', 'refund.request', 'merchant.engraving']);
    expect(body.response_format.json_schema.schema.required).toEqual(['intent', 'confidence']);
    expect(body.response_format.json_schema.schema.additionalProperties).toBe(false);

    const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
    expect(system).toContain('merchant.engraving: 刻字服务 — 能刻字吗');
    expect(system).toContain('refund.request');
    // Only the allowed intents are offered.
    expect(system).not.toContain('invoice.request');
    expect(body.messages.find((m) => m.role === 'user')?.content).toBe('东西到哪了啊');
  });

  it('passes lastIntent to the model as context', async () => {
    await fallback().classify('黑色的', ALLOWED, { lastIntent: 'refund.request' });
    expect(requests[0].body.messages[0].content).toContain('"refund.request"');
  });

  it('never sends the phone number or street address: the text is masked first', async () => {
    const text = '我的手机号13812345678，地址是北京市朝阳区建国路88号，快递到哪了';
    const answer = await fallback().classify(text, ALLOWED);
    expect(answer?.intent).toBe('order.track');
    expect(requests).toHaveLength(1);
    const { raw, body } = requests[0];
    expect(raw).not.toContain('13812345678');
    expect(raw).not.toContain('1234');
    expect(raw).not.toContain('建国路');
    expect(raw).not.toContain('88号');
    expect(body.messages.find((m) => m.role === 'user')?.content).toBe('我的手机号138****5678，地址是北京市朝阳区****，快递到哪了');
  });

  it('returns null when the model answers an intent outside the allowed list', async () => {
    handler = answerWith(JSON.stringify({ intent: 'invoice.request', confidence: 0.99 }));
    await expect(fallback().classify('能开发票吗', ALLOWED)).resolves.toBeNull();
    expect(requests).toHaveLength(1);
  });

  it('returns null on malformed content', async () => {
    handler = answerWith('I think it is order.track {');
    await expect(fallback().classify('东西到哪了', ALLOWED)).resolves.toBeNull();
    handler = answerWith(JSON.stringify({ intent: 'order.track' }));
    await expect(fallback().classify('东西到哪了呢', ALLOWED)).resolves.toBeNull();
    handler = answerWith(JSON.stringify({ intent: 'order.track', confidence: 'high' }));
    await expect(fallback().classify('东西到哪了吧', ALLOWED)).resolves.toBeNull();
  });

  it('clamps confidence to 0..1 and accepts a Markdown-fenced JSON answer', async () => {
    handler = answerWith('```json\n{"intent":"refund.request","confidence":1.7}\n```');
    await expect(fallback().classify('我要退货', ALLOWED)).resolves.toEqual({ intent: 'refund.request', confidence: 1 });
    handler = answerWith(JSON.stringify({ intent: 'refund.request', confidence: -0.2 }));
    await expect(fallback().classify('退了吧', ALLOWED)).resolves.toEqual({ intent: 'refund.request', confidence: 0 });
  });

  it('returns null on HTTP 500, and does not cache the failure', async () => {
    handler = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'boom', type: 'server_error' } }));
    };
    const llm = fallback();
    await expect(llm.classify('东西到哪了', ALLOWED)).resolves.toBeNull();
    expect(requests).toHaveLength(1); // maxRetries 0

    handler = answerWith(JSON.stringify({ intent: 'order.track', confidence: 0.7 }));
    await expect(llm.classify('东西到哪了', ALLOWED)).resolves.toEqual({ intent: 'order.track', confidence: 0.7 });
    expect(requests).toHaveLength(2);
  });

  it('returns null within about the timeout when the server never answers', async () => {
    await withOwnServer(() => undefined /* swallow the request */, async (baseUrl, seen) => {
      // The server never answers, so resolving at all means the 300 ms deadline fired (a missing one
      // hangs until jest's timeout); the logged reason says it was the deadline, not another failure.
      await expect(fallback(300, baseUrl).classify('东西到哪了', ALLOWED)).resolves.toBeNull();
      expect(seen).toHaveLength(1);
      expect(logged).toEqual([expect.objectContaining({ reason: 'timeout' })]);
      // The log says why, never what the shopper wrote.
      expect(JSON.stringify(logged)).not.toContain('东西');
    });
  });

  it('returns null within about the timeout when the server sends headers and then stalls the body', async () => {
    const stall: Handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"chatcmpl-test",');
    };
    await withOwnServer(stall, async (baseUrl) => {
      await expect(fallback(300, baseUrl).classify('东西到哪了', ALLOWED)).resolves.toBeNull();
      expect(logged).toEqual([expect.objectContaining({ reason: 'timeout' })]);
    });
  });

  it('serves a repeated question from the cache; other context or intent lists miss it', async () => {
    const llm = fallback();
    const first = await llm.classify('东西到哪了', ALLOWED);
    const second = await llm.classify('东西到哪了', ALLOWED);
    expect(second).toEqual(first);
    expect(requests).toHaveLength(1);

    await llm.classify('东西到哪了', ALLOWED, { lastIntent: 'refund.request' });
    expect(requests).toHaveLength(2);
    await llm.classify('东西到哪了', ALLOWED.slice(0, 2));
    expect(requests).toHaveLength(3);
  });

  it('shares one model call between identical questions in flight', async () => {
    const llm = fallback();
    const answers = await Promise.all([llm.classify('东西到哪了', ALLOWED), llm.classify('东西到哪了', ALLOWED)]);
    expect(answers).toEqual([{ intent: 'order.track', confidence: 0.82 }, { intent: 'order.track', confidence: 0.82 }]);
    expect(requests).toHaveLength(1);
  });

  it('does not call the model for empty text or an empty intent list', async () => {
    const llm = fallback();
    await expect(llm.classify('   ', ALLOWED)).resolves.toBeNull();
    await expect(llm.classify('东西到哪了', [])).resolves.toBeNull();
    expect(requests).toHaveLength(0);
  });
});

describe('shouldAskModel', () => {
  it('asks only below the threshold', () => {
    expect(shouldAskModel(0.3)).toBe(true);
    expect(shouldAskModel(0.59)).toBe(true);
    expect(shouldAskModel(0.6)).toBe(false);
    expect(shouldAskModel(0.9)).toBe(false);
    expect(shouldAskModel(0.7, 0.8)).toBe(true);
    expect(shouldAskModel(Number.NaN)).toBe(true);
  });
});

describe('STANDARD_INTENT_DESCRIPTIONS', () => {
  it('holds the 30 contract intents, each described', () => {
    const ids = STANDARD_INTENT_DESCRIPTIONS.map((d) => d.id);
    expect(new Set(ids).size).toBe(30);
    expect(ids).toEqual([
      'product.stock', 'product.spec', 'product.authenticity', 'product.size_advice', 'product.compatibility', 'product.recommend', 'promotion.inquiry',
      'shipping.eta', 'shipping.expedite', 'shipping.courier', 'order.track', 'order.change_address', 'order.cancel', 'order.modify', 'payment.issue',
      'invoice.request', 'refund.request', 'refund.status', 'exchange.request', 'price_protection', 'quality.complaint', 'logistics.exception', 'complaint',
      'membership', 'human.handoff', 'greeting', 'thanks_bye', 'affirm', 'deny', 'out_of_scope',
    ]);
    for (const d of STANDARD_INTENT_DESCRIPTIONS) expect(d.description?.length).toBeGreaterThan(3);
  });
});
