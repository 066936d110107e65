import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface PlatformUser {
  openid: string;
  unionid?: string;
}

/**
 * A local server speaking the two documented login exchanges: WeChat's
 * `GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code` and Douyin's
 * `POST /api/apps/v2/jscode2session {appid, secret, code}`. Codes are single use, as on the platforms,
 * and only the configured app id + secret pairs are accepted.
 */
export class LocalCode2Session {
  url = '';
  readonly requests: { path: string; appid: string | null; secret: string | null }[] = [];
  private readonly codes = new Map<string, PlatformUser>();
  private server?: Server;

  constructor(private readonly apps: Record<string, string>) {}

  /** A code the next login may use once, as wx.login / tt.login would return. */
  issueCode(user: PlatformUser): string {
    const code = `code-${this.codes.size + 1}-${Math.random().toString(36).slice(2, 8)}`;
    this.codes.set(code, user);
    return code;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.answer(req).then((body) => {
        res.writeHead(200, { 'content-type': 'application/json' });
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

  private async answer(req: IncomingMessage): Promise<Record<string, unknown>> {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'GET' && url.pathname === '/sns/jscode2session') {
      const appid = url.searchParams.get('appid');
      const secret = url.searchParams.get('secret');
      this.requests.push({ path: url.pathname, appid, secret });
      if (url.searchParams.get('grant_type') !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' };
      if (!appid || this.apps[appid] !== secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
      const user = this.take(url.searchParams.get('js_code'));
      if (!user) return { errcode: 40029, errmsg: 'invalid code' };
      return { openid: user.openid, session_key: 'session-key', ...(user.unionid ? { unionid: user.unionid } : {}) };
    }
    if (req.method === 'POST' && url.pathname === '/api/apps/v2/jscode2session') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { appid?: string; secret?: string; code?: string };
      this.requests.push({ path: url.pathname, appid: body.appid ?? null, secret: body.secret ?? null });
      if (!body.appid || this.apps[body.appid] !== body.secret) return { err_no: 40015, err_tips: 'bad appid or secret', data: null };
      const user = this.take(body.code ?? null);
      if (!user) return { err_no: 40018, err_tips: 'bad code', data: null };
      return { err_no: 0, err_tips: 'success', data: { session_key: 'session-key', openid: user.openid, anonymous_openid: '', unionid: user.unionid ?? '' } };
    }
    return { errcode: 404, errmsg: 'no such API' };
  }

  private take(code: string | null): PlatformUser | undefined {
    if (!code) return undefined;
    const user = this.codes.get(code);
    this.codes.delete(code);
    return user;
  }
}
