import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
export class LocalWecomApi {
  readonly calls: RecordedCall[] = [];
  failNextSends: number[] = [];
  /** Every message ever delivered; a cursor is an index into this list. */
  readonly inbox: KfMessageFixture[] = [];
  pageSize = 2;
  unionIds: Record<string, string> = {};
  serviceState = 3;
  private validTokens = new Set<string>();
  private issued = 0;
  private server?: Server;
  url = '';

  deliver(...messages: KfMessageFixture[]): void {
    this.inbox.push(...messages);
  }

  callsTo(path: string): RecordedCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  expireTokens(): void {
    this.validTokens.clear();
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then((body) => {
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

  private async handle(req: IncomingMessage): Promise<Record<string, unknown>> {
    const url = new URL(req.url ?? '/', 'http://local');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    this.calls.push({ path: url.pathname, query: url.searchParams, body });

    if (url.pathname === '/cgi-bin/gettoken') {
      if (url.searchParams.get('corpsecret') !== 'kf-secret') return { errcode: 40001, errmsg: 'invalid secret' };
      const token = `wecom-token-${++this.issued}`;
      this.validTokens.add(token);
      return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 };
    }
    if (!this.validTokens.has(url.searchParams.get('access_token') ?? '')) return { errcode: 42001, errmsg: 'access_token expired' };

    switch (url.pathname) {
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
