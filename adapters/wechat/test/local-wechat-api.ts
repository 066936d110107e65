import { jsonBody, LocalProtocolServer, type ProtocolAnswer, type ProtocolRequest } from '../../../shared/test/support/local-protocol-server';

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
export class LocalWechatApi extends LocalProtocolServer {
  readonly calls: RecordedCall[] = [];
  /** errcodes the next sends answer with, in order (then 0). */
  failNextSends: number[] = [];
  /** Tokens the server considers valid; force_refresh or expiry replaces them. */
  private validTokens = new Set<string>();
  private issued = 0;

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

  protected answer(request: ProtocolRequest): ProtocolAnswer {
    const body = jsonBody(request.raw);
    this.calls.push({ path: request.path, query: request.query, body });

    if (request.path === '/cgi-bin/stable_token') {
      if (body.grant_type !== 'client_credential' || !body.appid || !body.secret) return { status: 200, body: { errcode: 40002, errmsg: 'invalid grant_type' } };
      if (body.secret !== 'app-secret') return { status: 200, body: { errcode: 40125, errmsg: 'invalid appsecret' } };
      if (body.force_refresh) this.validTokens.clear();
      const token = `token-${++this.issued}`;
      this.validTokens.add(token);
      return { status: 200, body: { access_token: token, expires_in: 7200 } };
    }
    if (request.path === '/sns/jscode2session') {
      if (request.query.get('js_code') !== 'good-code') return { status: 200, body: { errcode: 40029, errmsg: 'invalid code' } };
      return { status: 200, body: { openid: 'o-mini-1', session_key: 'sk', unionid: 'u-union-1' } };
    }
    if (['/cgi-bin/message/custom/send', '/cgi-bin/message/subscribe/send', '/cgi-bin/message/template/send'].includes(request.path)) {
      const token = request.query.get('access_token') ?? '';
      if (!this.validTokens.has(token)) return { status: 200, body: { errcode: 42001, errmsg: 'access_token expired' } };
      const errcode = this.failNextSends.shift() ?? 0;
      return { status: 200, body: errcode === 0 ? { errcode: 0, errmsg: 'ok', msgid: 1000 + this.calls.length } : { errcode, errmsg: `error ${errcode}` } };
    }
    return { status: 404, body: { errcode: 404, errmsg: 'no such API' } };
  }
}
