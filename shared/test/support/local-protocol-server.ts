import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a platform's server receives it. */
export interface ProtocolRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body exactly as sent (UTF-8): JSON, a form or XML, as the platform's API takes it. */
  raw: string;
}

/** What the platform answers; `body` goes out as JSON, the envelope every platform here uses. */
export interface ProtocolAnswer {
  status: number;
  body: unknown;
}

/**
 * The network edge of the adapter tests: a local HTTP server on 127.0.0.1 (a free port) that speaks
 * one platform's API. This base owns only the transport (listen, read the whole body, answer JSON,
 * stop); each platform's subclass answers per route and records what its tests look at, so the
 * protocol stays visible in the platform's own file. Test-only: nothing under src imports it.
 */
export abstract class LocalProtocolServer {
  /** `http://127.0.0.1:<port>` once started: the `apiBaseUrl` the adapter is pointed at. */
  url = '';
  private server?: Server;

  protected abstract answer(request: ProtocolRequest): ProtocolAnswer | Promise<ProtocolAnswer>;

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://local');
        const request: ProtocolRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') };
        // A handler that throws is a broken test fixture: say so with a 500 rather than leave the adapter hanging.
        void (async () => this.answer(request))()
          .catch((error: unknown) => ({ status: 500, body: { error: `local ${this.constructor.name} failed: ${(error as Error).message}` } }))
          .then(({ status, body }) => {
            if (res.destroyed) return;
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(body));
          });
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    // Kept-alive sockets from the adapter's fetch would otherwise hold close() (and jest) open.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/** A JSON request body as an object; an empty body is `{}`, as the platforms treat a missing one. */
export function jsonBody(raw: string): Record<string, unknown> {
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}
