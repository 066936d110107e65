import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningKefu } from '../../../src/boot';
import { TestShopper } from '../../support/shopper';
import { embeddedTestEnv, startTestKefu } from '../../support/start-test-kefu';

/**
 * The pipeline with a language model configured: a local server speaking the OpenAI chat protocol
 * answers the turns the local engine is unsure of; it never sees a phone number.
 */
describe('pipeline with an OpenAI-compatible model', () => {
  let model: Server;
  let kefu: RunningKefu;
  const requests: string[] = [];

  beforeAll(async () => {
    model = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push(body);
        const content = JSON.stringify({ intent: 'membership', confidence: 0.9 });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'test', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
      });
    });
    await new Promise<void>((resolve) => model.listen(0, '127.0.0.1', resolve));
    const { port } = model.address() as AddressInfo;
    kefu = await startTestKefu(embeddedTestEnv({ SEED_DEMO: 'true', LLM_BASE_URL: `http://127.0.0.1:${port}/v1`, LLM_API_KEY: 'test-key', LLM_MODEL: 'test' }));
  }, 120_000);
  afterAll(async () => {
    await kefu?.stop();
    await new Promise<void>((resolve) => model.close(() => resolve()));
  });

  it('asks the model about an unclear turn and uses its intent (masking is covered by the fallback unit tests)', async () => {
    const shopper = await new TestShopper(kefu.url).start();
    const sent = await shopper.say('那个东西咋整来着');
    const reply = await shopper.replyAfter(sent);
    // The knowledge step may also ask the same model for a grounded answer; only intent requests count here.
    const intentRequests = requests.filter((body) => (JSON.parse(body) as { response_format?: { json_schema?: { name?: string } } }).response_format?.json_schema?.name === 'intent_classification');
    expect(intentRequests.length).toBe(1);
    expect(JSON.parse(intentRequests[0]).response_format.type).toBe('json_schema');
    expect(reply.intent).toBe('membership');
  });

  it('does not ask the model about a turn the engine is sure of', async () => {
    const before = requests.length;
    const shopper = await new TestShopper(kefu.url).start();
    const reply = await shopper.replyAfter(await shopper.say('你好'));
    expect(reply.intent).toBe('greeting');
    expect(requests.length).toBe(before);
  });
});
