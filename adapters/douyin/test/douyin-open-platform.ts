import type { IncomingHttpHeaders } from 'node:http';
import { LocalProtocolServer, type ProtocolAnswer, type ProtocolRequest } from '../../../shared/test/support/local-protocol-server';

export interface RecordedCall {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A local stand-in for open.douyin.com speaking the documented OAuth refresh endpoint and the 私信
 * reply endpoint, with the platform's error envelopes. Tests script its answers.
 */
export class DouyinOpenPlatform extends LocalProtocolServer {
  readonly calls: RecordedCall[] = [];
  /** Tokens the send endpoint accepts; a refresh issues the next one. */
  private readonly validTokens = new Set<string>();
  private issued = 0;
  refreshError: { error_code: number; description: string } | null = null;
  /** Answers for the next sends, in order; when empty, a valid token gets success. */
  readonly sendScript: ProtocolAnswer[] = [];

  /** Makes every token issued so far invalid, as Douyin does when a token expires or is revoked. */
  expireTokens(): void {
    this.validTokens.clear();
  }

  callsTo(path: string): RecordedCall[] {
    return this.calls.filter((call) => call.path === path);
  }

  protected answer({ path, query, headers, raw: body }: ProtocolRequest): ProtocolAnswer {
    this.calls.push({ path, query, headers, body });
    if (path === '/oauth/refresh_token/') {
      const form = new URLSearchParams(body);
      if (headers['content-type'] !== 'application/x-www-form-urlencoded' || form.get('grant_type') !== 'refresh_token' || !form.get('client_key')) {
        return { status: 200, body: { data: { error_code: 10005, description: '缺少参数' }, message: 'error' } };
      }
      if (this.refreshError) return { status: 200, body: { data: this.refreshError, message: 'error' } };
      this.issued += 1;
      const token = `act.local-${this.issued}`;
      this.validTokens.add(token);
      return { status: 200, body: { data: { access_token: token, description: '', error_code: 0, expires_in: 1296000, open_id: 'op', refresh_expires_in: 2592000, refresh_token: form.get('refresh_token'), scope: 'im.direct_message' }, message: 'success' } };
    }
    if (path === '/im/send/msg/') {
      const scripted = this.sendScript.shift();
      if (scripted) return scripted;
      const token = String(headers['access-token'] ?? '');
      if (!this.validTokens.has(token)) return { status: 200, body: { err_no: 2190008, err_msg: 'access_token过期,请刷新或重新授权', log_id: 'l1' } };
      return { status: 200, body: { err_no: 0, err_msg: '', log_id: 'l2', data: { msg_id: `reply-${this.calls.length}` } } };
    }
    return { status: 404, body: { err_no: 404, err_msg: 'not found' } };
  }
}
