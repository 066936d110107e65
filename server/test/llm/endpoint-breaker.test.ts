import { createLlmClient } from '../../src/llm/create-llm-client';
import { LLM_FAILURES_TO_OPEN } from '../../src/llm/endpoint-breaker';
import { answerWith, startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai';

/** A failing model endpoint stops being called after a run of failures, for every client of this process. */
describe('the model endpoint breaker', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi((_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"overloaded"}}'));
  });
  afterAll(() => fake.close());

  const ask = (client: ReturnType<typeof createLlmClient>) => client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: '在吗' }] });

  it('opens after consecutive failures: later calls fail at once, without reaching the endpoint, from any client', async () => {
    const first = createLlmClient({ baseUrl: fake.baseUrl, apiKey: 'k', timeoutMs: 5000, maxRetries: 0 });
    for (let i = 0; i < LLM_FAILURES_TO_OPEN; i += 1) await expect(ask(first)).rejects.toThrow();
    expect(fake.requests).toHaveLength(LLM_FAILURES_TO_OPEN);

    // A second client of the same endpoint (another caller in this process) shares the open breaker.
    const second = createLlmClient({ baseUrl: fake.baseUrl, apiKey: 'k', timeoutMs: 5000, maxRetries: 0 });
    fake.handler = answerWith('ok');
    await expect(ask(second)).rejects.toThrow();
    await expect(ask(first)).rejects.toThrow();
    expect(fake.requests).toHaveLength(LLM_FAILURES_TO_OPEN);
  });

  it('keeps endpoints apart: another endpoint is still called', async () => {
    const other = await startFakeOpenAi(answerWith('好的'));
    try {
      const client = createLlmClient({ baseUrl: other.baseUrl, apiKey: 'k', timeoutMs: 5000, maxRetries: 0 });
      const reply = await ask(client);
      expect(reply.choices[0]?.message.content).toBe('好的');
    } finally {
      await other.close();
    }
  });
});
