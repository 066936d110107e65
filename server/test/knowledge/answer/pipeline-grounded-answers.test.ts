import type { RunningKefu } from '../../../src/boot';
import { Tenant } from '../../../src/auth/models';
import { KnowledgeAnswer } from '../../../src/knowledge/answer/answer-models';
import { KnowledgeEntry } from '../../../src/knowledge/models';
import { startFakeOpenAi, completion, groundedPromptOf, type ChatCompletionBody, type FakeOpenAi, type GroundedPromptEntry, type Handler } from '../../support/fake-openai';
import { TestShopper } from '../../support/shopper';
import { embeddedTestEnv, startTestKefu } from '../../support/start-test-kefu';
import { warmUp } from './warm-up';

jest.setTimeout(180_000);



async function answerRowFor(tenantId: number, questionId: string): Promise<KnowledgeAnswer> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const row = await KnowledgeAnswer.findOne({ where: { tenantId, questionMessageId: Number(questionId) } });
    if (row) return row;
    if (Date.now() > deadline) throw new Error(`no knowledge answer recorded for message ${questionId}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The embedded server with LLM_BASE_URL pointing at a local chat-completions server. */
describe('the pipeline answers shoppers through a grounded model when one is configured', () => {
  let kefu: RunningKefu;
  let fake: FakeOpenAi<ChatCompletionBody>;
  let tenantId: number;
  /** What the fake does with grounded-answer requests; intent requests always fail (the local NLU stands). */
  let grounded: (entries: GroundedPromptEntry[]) => unknown;

  const handler: Handler<ChatCompletionBody> = (req, res) => {
    if (req.body.response_format?.json_schema?.name !== 'grounded_answer') {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"only grounded answers here"}}');
      return;
    }
    const { entries } = groundedPromptOf(req.body);
    res.writeHead(200, { 'content-type': 'application/json' }).end(completion(JSON.stringify(grounded(entries))));
  };

  beforeAll(async () => {
    fake = await startFakeOpenAi<ChatCompletionBody>((req, res) => handler(req, res));
    grounded = () => ({ supported: false, answer: '', citations: [] });
    kefu = await startTestKefu(embeddedTestEnv({ SEED_DEMO: 'true', LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: 'test-key', LLM_MODEL: 'test' }));
    tenantId = Number((await Tenant.findOne({ where: { key: 'demo' } }))!.id);
    await warmUp(kefu.url);
  });
  afterAll(async () => {
    await kefu?.stop();
    await fake?.close();
  });

  it('replies with the model\'s answer and records the cited entry revision in knowledge_answers', async () => {
    const care = await KnowledgeEntry.findOne({ where: { tenantId, slug: 'kb-product-care' } });
    grounded = (entries) => {
      const cited = entries.find((e) => e.entry_id === Number(care!.id));
      return { supported: Boolean(cited), answer: cited ? '可以机洗，请用冷水轻柔模式。' : '', citations: cited ? [{ entry_id: cited.entry_id, revision: cited.revision }] : [] };
    };
    const shopper = await new TestShopper(kefu.url).start();
    const sent = await shopper.say('羽绒服可以机洗吗');
    const reply = await shopper.replyAfter(sent);
    expect(reply.text).toBe('可以机洗，请用冷水轻柔模式。');
    const row = await answerRowFor(tenantId, sent.id);
    expect(row.outcome).toBe('answered');
    expect(Number(row.replyMessageId)).toBe(Number(reply.id));
    expect(row.sources[0]).toMatchObject({ entryId: Number(care!.id), revision: care!.version, cited: true });
  });

  it('offers a person when the model finds no support, and records the refusal as low confidence', async () => {
    grounded = () => ({ supported: false, answer: '', citations: [] });
    const shopper = await new TestShopper(kefu.url).start();
    const sent = await shopper.say('羽绒服可以机洗吗');
    const reply = await shopper.replyAfter(sent);
    expect(reply.text).toContain('人工');
    const row = await answerRowFor(tenantId, sent.id);
    expect(row.outcome).toBe('low_confidence');
    expect(row.sources.some((s) => s.cited)).toBe(false);
  });
});
