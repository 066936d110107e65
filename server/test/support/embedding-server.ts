import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmbeddingRequest {
  auth?: string;
  inputs: string[];
  dimensions?: number;
}

export interface EmbeddingServer {
  /** The base URL to configure, ending in /v1. */
  baseUrl: string;
  requests: EmbeddingRequest[];
  /** Answers arriving from now on are held until `until` (epoch ms), as a slow provider would. */
  holdUntil(until: number): void;
  close(): Promise<void>;
}

/**
 * A local server speaking the OpenAI embeddings protocol (POST /v1/embeddings). Vectors are
 * character-count histograms over 8 buckets (or the requested dimensions), returned in reverse
 * order so clients must reorder by `index`.
 */
export async function startEmbeddingServer(): Promise<EmbeddingServer> {
  const requests: EmbeddingRequest[] = [];
  let heldUntil = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as { input: string[]; model: string; dimensions?: number };
      requests.push({ auth: req.headers.authorization, inputs: parsed.input, dimensions: parsed.dimensions });
      const dims = parsed.dimensions ?? 8;
      const data = parsed.input.map((text, index) => {
        const embedding = new Array<number>(dims).fill(0.01);
        for (const char of text) embedding[char.codePointAt(0)! % dims] += 1;
        return { object: 'embedding', index, embedding };
      });
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: data.reverse(), model: parsed.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
      }, Math.max(0, heldUntil - Date.now()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    holdUntil: (until) => (heldUntil = until),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
