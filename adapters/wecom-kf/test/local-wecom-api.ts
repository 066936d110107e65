import { jsonBody, LocalProtocolServer, type ProtocolAnswer, type ProtocolRequest } from '../../../shared/test/support/local-protocol-server';

export interface RecordedCall {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

export interface KfMessageFixture {
  msgid: string;
  open_kfid: string;
  external_userid?: string;
  send_time: number;
  origin: number;
  msgtype: string;
  text?: { content: string };
  event?: Record<string, unknown>;
}

/**
 * A local server speaking the documented WeCom kf API: gettoken, kf/sync_msg (cursor pages),
 * kf/send_msg, kf/send_msg_on_event, kf/customer/batchget, kf/service_state/get. Messages queued
 * with `deliver` are returned by sync_msg after the cursor that last read them.
 */
export class LocalWecomApi extends LocalProtocolServer {
  readonly calls: RecordedCall[] = [];
  failNextSends: number[] = [];
  /** Every message ever delivered; a cursor is an index into this list. */
  readonly inbox: KfMessageFixture[] = [];
  pageSize = 2;
  unionIds: Record<string, string> = {};
  serviceState = 3;
  private validTokens = new Set<string>();
  private issued = 0;

  deliver(...messages: KfMessageFixture[]): void {
    this.inbox.push(...messages);
  }

  callsTo(path: string): RecordedCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  expireTokens(): void {
    this.validTokens.clear();
  }

  /** WeCom answers every call with HTTP 200 and its errcode envelope. */
  protected answer(request: ProtocolRequest): ProtocolAnswer {
    return { status: 200, body: this.envelope(request) };
  }

  private envelope(request: ProtocolRequest): Record<string, unknown> {
    const body = jsonBody(request.raw);
    this.calls.push({ path: request.path, query: request.query, body });

    if (request.path === '/cgi-bin/gettoken') {
      if (request.query.get('corpsecret') !== 'kf-secret') return { errcode: 40001, errmsg: 'invalid secret' };
      const token = `wecom-token-${++this.issued}`;
      this.validTokens.add(token);
      return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 };
    }
    if (!this.validTokens.has(request.query.get('access_token') ?? '')) return { errcode: 42001, errmsg: 'access_token expired' };

    switch (request.path) {
      case '/cgi-bin/kf/sync_msg': {
        const start = body.cursor ? Number(String(body.cursor).replace('c', '')) : 0;
        const page = this.inbox.slice(start, start + this.pageSize).filter((m) => m.open_kfid === body.open_kfid);
        const next = Math.min(start + this.pageSize, this.inbox.length);
        return { errcode: 0, errmsg: 'ok', next_cursor: `c${next}`, has_more: next < this.inbox.length ? 1 : 0, msg_list: page };
      }
      case '/cgi-bin/kf/send_msg': {
        const errcode = this.failNextSends.shift() ?? 0;
        return errcode === 0 ? { errcode: 0, errmsg: 'ok', msgid: `sent-${this.calls.length}` } : { errcode, errmsg: `error ${errcode}` };
      }
      case '/cgi-bin/kf/send_msg_on_event':
        return body.code ? { errcode: 0, errmsg: 'ok', msgid: 'welcome-1' } : { errcode: 40096, errmsg: 'invalid code' };
      case '/cgi-bin/kf/customer/batchget': {
        const ids = (body.external_userid_list ?? []) as string[];
        return { errcode: 0, errmsg: 'ok', customer_list: ids.map((id) => ({ external_userid: id, nickname: `昵称${id}`, unionid: this.unionIds[id] })), invalid_external_userid: [] };
      }
      case '/cgi-bin/kf/service_state/get':
        return { errcode: 0, errmsg: 'ok', service_state: this.serviceState, servicer_userid: 'zhangsan' };
      default:
        return { errcode: 404, errmsg: 'no such API' };
    }
  }
}

/** What WeCom posts to the callback URL: the encrypted kf_msg_or_event notice. */
export function kfNoticeXml(corpId: string, openKfId: string, token: string, createTime = Math.floor(Date.now() / 1000)): string {
  return `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event><Token><![CDATA[${token}]]></Token><OpenKfId><![CDATA[${openKfId}]]></OpenKfId></xml>`;
}
