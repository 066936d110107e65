import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received; `body` is the parsed JSON, typed by the test that reads it. */
export interface RecordedRequest<Body = unknown> {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: Body;
}

export type Handler<Body = unknown> = (req: RecordedRequest<Body>, res: ServerResponse) => void;

/** A chat-completions reply exactly as an OpenAI-compatible server sends it. */
export function completion(content: string): string {
  return JSON.stringify({
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  });
}

export function answerWith<Body = unknown>(content: string): Handler<Body> {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(completion(content));
  };
}

export interface FakeOpenAi<Body = unknown> {
  baseUrl: string;
  requests: RecordedRequest<Body>[];
  handler: Handler<Body>;
  close(): Promise<void>;
}

/**
 * A local server speaking the chat-completions protocol that records every request it receives:
 * the network edge of every LLM test (intent fallback, grounded knowledge answers).
 */
export async function startFakeOpenAi<Body = unknown>(handler: Handler<Body>): Promise<FakeOpenAi<Body>> {
  const fake = { requests: [] as RecordedRequest<Body>[], handler } as FakeOpenAi<Body>;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      const recorded: RecordedRequest<Body> = { method: req.method, url: req.url, headers: req.headers, raw, body: JSON.parse(raw) as Body };
      fake.requests.push(recorded);
      fake.handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = async () => {
    // Hanging handlers leave sockets open; cut them so close() (and jest) can finish.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}

/** The parts of a chat-completions request the knowledge tests read. */
export interface ChatCompletionBody {
  messages: { role: string; content: string }[];
  response_format?: { json_schema?: { name?: string } };
}

/** One entry as the grounded-answer prompt gives it to the model. */
export interface GroundedPromptEntry {
  entry_id: number;
  revision: number;
  title?: string;
  content: string;
}

/** The grounded-answer prompt's user message: the question and the entries the model may cite. */
export function groundedPromptOf(body: { messages: { content: string }[] }): { question: string; entries: GroundedPromptEntry[] } {
  return JSON.parse(body.messages[1].content) as { question: string; entries: GroundedPromptEntry[] };
}
