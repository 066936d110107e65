import { LocalProtocolServer, type ProtocolAnswer, type ProtocolRequest } from '../../../shared/test/support/local-protocol-server';

export interface SendApiCall {
  path: string;
  query: URLSearchParams;
  body: string;
}

/**
 * Xiaohongshu publishes no send API, so a merchant configures the one its platform contact gives it.
 * This local server plays that API in the WeChat shape the config assumes: a client-credential token
 * (`/api/token`, secret `xhs-secret`), then a JSON send (`/api/custom/send`) with the token.
 */
export class MerchantSendApi extends LocalProtocolServer {
  readonly calls: SendApiCall[] = [];
  readonly validTokens = new Set<string>();
  /** The errcode sends answer with (0: sent). */
  sendErrcode = 0;
  private issued = 0;

  /** The sends the API accepted, as the shopper would read them. */
  readonly sends: Array<{ touser: string; text: string }> = [];

  protected answer({ path, query, raw }: ProtocolRequest): ProtocolAnswer {
    this.calls.push({ path, query, body: raw });
    if (path === '/api/token') {
      if (query.get('secret') !== 'xhs-secret') return { status: 200, body: { errcode: 40125, errmsg: 'invalid appsecret' } };
      this.issued += 1;
      const token = `xhs-token-${this.issued}`;
      this.validTokens.add(token);
      return { status: 200, body: { access_token: token, expires_in: 7200 } };
    }
    if (path === '/api/custom/send') {
      if (!this.validTokens.has(query.get('access_token') ?? '')) return { status: 200, body: { errcode: 42001, errmsg: 'access_token expired' } };
      if (this.sendErrcode) return { status: 200, body: { errcode: this.sendErrcode, errmsg: 'refused' } };
      const sent = JSON.parse(raw) as { touser: string; text?: { content: string } };
      this.sends.push({ touser: sent.touser, text: sent.text?.content ?? '' });
      return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
    }
    return { status: 200, body: { errcode: 404, errmsg: 'no such api' } };
  }
}
