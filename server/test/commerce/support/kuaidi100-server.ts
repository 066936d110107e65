import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for poll.kuaidi100.com speaking its published protocol: form-encoded POSTs to
 * /poll/query.do (customer, sign = MD5(param + key + customer) upper-case, param JSON) and /poll
 * (schema=json, param with company/number/key/parameters). It rejects bad signatures as Kuaidi100
 * does, and can be told to stall (no answer) to exercise timeouts and the breaker.
 */
export interface Kuaidi100Waybill {
  com: string;
  state: string;
  data: { context: string; ftime: string; statusCode?: string }[];
}

export class Kuaidi100Server {
  readonly waybills = new Map<string, Kuaidi100Waybill>();
  readonly queries: Record<string, unknown>[] = [];
  readonly subscriptions: Record<string, unknown>[] = [];
  stall = false;
  private server?: Server;
  url = '';

  constructor(readonly customer: string, readonly key: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void readForm(req).then((form) => {
        if (this.stall) return; // never answers: the caller's timeout must fire
        const answer = req.url === '/poll/query.do' ? this.query(form) : req.url === '/poll' ? this.subscribe(form) : { result: false, returnCode: '404', message: 'not found' };
        res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private query(form: URLSearchParams): unknown {
    const param = form.get('param') ?? '';
    const expected = createHash('md5').update(param + this.key + this.customer).digest('hex').toUpperCase();
    if (form.get('customer') !== this.customer || form.get('sign') !== expected) return { result: false, returnCode: '601', message: '签名错误' };
    const query = JSON.parse(param) as { com: string; num: string; phone?: string };
    this.queries.push(query);
    const waybill = this.waybills.get(query.num);
    if (!waybill || waybill.com !== query.com) return { result: false, returnCode: '500', message: '查询无结果，请隔段时间再查' };
    return { message: 'ok', nu: query.num, ischeck: waybill.state === '3' ? '1' : '0', condition: 'F00', com: waybill.com, status: '200', state: waybill.state, data: waybill.data.map((d) => ({ ...d, time: d.ftime })) };
  }

  private subscribe(form: URLSearchParams): unknown {
    if (form.get('schema') !== 'json') return { result: false, returnCode: '400', message: '数据不完整' };
    const param = JSON.parse(form.get('param') ?? '{}') as { key?: string };
    if (param.key !== this.key) return { result: false, returnCode: '600', message: '您不是合法的订阅者' };
    this.subscriptions.push(param);
    return { result: true, returnCode: '200', message: '提交成功' };
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
  });
}
