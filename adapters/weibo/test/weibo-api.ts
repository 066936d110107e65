import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReplyCall {
  query: URLSearchParams;
  contentType: string | undefined;
  form: URLSearchParams;
}

/** A local m.api.weibo.com answering /2/messages/reply.json as documented, errors included. */
export class WeiboApi {
  readonly calls: ReplyCall[] = [];
  readonly validToken = 'weibo-token-2.00abc';
  /** Scripted answers for the next calls; when empty a valid call succeeds. */
  readonly script: Array<{ status: number; body: unknown }> = [];
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (raw += chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const call = { query: url.searchParams, contentType: req.headers['content-type'], form: new URLSearchParams(raw) };
        this.calls.push(call);
        const { status, body } = this.answer(url.pathname, call);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(path: string, call: ReplyCall): { status: number; body: unknown } {
    const request = `${path}`;
    if (path !== '/2/messages/reply.json') return { status: 404, body: { error: 'Request Api not found!', error_code: 10014, request } };
    const scripted = this.script.shift();
    if (scripted) return scripted;
    if (call.query.get('access_token') !== this.validToken) return { status: 403, body: { error: 'invalid_access_token', error_code: 21332, request } };
    if (!call.form.get('receiver_id') || !call.form.get('data')) return { status: 400, body: { error: 'miss required parameter', error_code: 10016, request } };
    return { status: 200, body: { id: 4061234567890123, idstr: '4061234567890123', created_at: 'Thu Nov 26 18:10:35 +0800 2026' } };
  }
}
