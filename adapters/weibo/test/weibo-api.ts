import { LocalProtocolServer, type ProtocolAnswer, type ProtocolRequest } from '../../../shared/test/support/local-protocol-server';

export interface ReplyCall {
  query: URLSearchParams;
  contentType: string | undefined;
  form: URLSearchParams;
}

/** A local m.api.weibo.com answering /2/messages/reply.json as documented, errors included. */
export class WeiboApi extends LocalProtocolServer {
  readonly calls: ReplyCall[] = [];
  readonly validToken = 'weibo-token-2.00abc';
  /** Scripted answers for the next calls; when empty a valid call succeeds. */
  readonly script: ProtocolAnswer[] = [];

  protected answer({ path, query, headers, raw }: ProtocolRequest): ProtocolAnswer {
    const call = { query, contentType: headers['content-type'], form: new URLSearchParams(raw) };
    this.calls.push(call);
    const request = `${path}`;
    if (path !== '/2/messages/reply.json') return { status: 404, body: { error: 'Request Api not found!', error_code: 10014, request } };
    const scripted = this.script.shift();
    if (scripted) return scripted;
    if (call.query.get('access_token') !== this.validToken) return { status: 403, body: { error: 'invalid_access_token', error_code: 21332, request } };
    if (!call.form.get('receiver_id') || !call.form.get('data')) return { status: 400, body: { error: 'miss required parameter', error_code: 10016, request } };
    return { status: 200, body: { id: 4061234567890123, idstr: '4061234567890123', created_at: 'Thu Nov 26 18:10:35 +0800 2026' } };
  }
}
