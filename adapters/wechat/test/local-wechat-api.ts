import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/**
 * A local server speaking the documented WeChat API (stable_token, message/custom/send,
 * subscribe/send, template/send, sns/jscode2session) so the adapter is exercised over real HTTP.
 * Tokens are issued by the server and checked on every send; `failNextSends` queues errcodes.
 */
export class LocalWechatApi {
  readonly calls: RecordedCall[] = [];
  /** errcodes the next sends answer with, in order (then 0). */
  failNextSends: number[] = [];
  /** Tokens the server considers valid; force_refresh or expiry replaces them. */
  private validTokens = new Set<string>();
  private issued = 0;
  private server?: Server;
  url = '';

  get tokenRequests(): RecordedCall[] {
    return this.calls.filter((c) => c.path === '/cgi-bin/stable_token');
  }

  sends(path = '/cgi-bin/message/custom/send'): RecordedCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  /** Makes every issued token invalid, as WeChat does when the token expires early (answers 42001). */
  expireTokens(): void {
    this.validTokens.clear();
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: Record<string, unknown> }> {
    const url = new URL(req.url ?? '/', 'http://local');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    this.calls.push({ path: url.pathname, query: url.searchParams, body });

    if (url.pathname === '/cgi-bin/stable_token') {
      if (body.grant_type !== 'client_credential' || !body.appid || !body.secret) return { status: 200, body: { errcode: 40002, errmsg: 'invalid grant_type' } };
      if (body.secret !== 'app-secret') return { status: 200, body: { errcode: 40125, errmsg: 'invalid appsecret' } };
      if (body.force_refresh) this.validTokens.clear();
      const token = `token-${++this.issued}`;
      this.validTokens.add(token);
      return { status: 200, body: { access_token: token, expires_in: 7200 } };
    }
    if (url.pathname === '/sns/jscode2session') {
      if (url.searchParams.get('js_code') !== 'good-code') return { status: 200, body: { errcode: 40029, errmsg: 'invalid code' } };
      return { status: 200, body: { openid: 'o-mini-1', session_key: 'sk', unionid: 'u-union-1' } };
    }
    if (['/cgi-bin/message/custom/send', '/cgi-bin/message/subscribe/send', '/cgi-bin/message/template/send'].includes(url.pathname)) {
      const token = url.searchParams.get('access_token') ?? '';
      if (!this.validTokens.has(token)) return { status: 200, body: { errcode: 42001, errmsg: 'access_token expired' } };
      const errcode = this.failNextSends.shift() ?? 0;
      return { status: 200, body: errcode === 0 ? { errcode: 0, errmsg: 'ok', msgid: 1000 + this.calls.length } : { errcode, errmsg: `error ${errcode}` } };
    }
    return { status: 404, body: { errcode: 404, errmsg: 'no such API' } };
  }
}
