import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A merchant's in-house order system as the generic HTTP provider meets it: its own field names
 * (order_sn, buyer_id, state words, yuan amounts), a bearer token, and writes that honour an
 * Idempotency-Key header. It can delay answers (while still applying writes) to exercise timeouts.
 */
export interface RemoteOrder {
  order_sn: string;
  buyer_id: string;
  state: string;
  pay_amount: string;
  receiver: { mobile: string; address: string };
  express: { company: string; waybill: string } | null;
  created: string;
  paid: string | null;
  goods: { goods_sn: string; title: string; num: number; price: string }[];
}

/** A shopper's cart in the same system: its own names again, amounts in yuan. */
export interface RemoteCart {
  cart_id: string;
  buyer_id: string;
  status: string;
  modified: string;
  lines: { goods_sn: string; title: string; num: number; price: string }[];
}

export class OrderSystemServer {
  readonly orders = new Map<string, RemoteOrder>();
  readonly carts: RemoteCart[] = [];
  /** The `since` of every cart listing asked for. */
  readonly cartQueries: string[] = [];
  readonly writes: { path: string; key: string | undefined; body: Record<string, unknown> }[] = [];
  readonly appliedKeys = new Set<string>();
  delayMs = 0;
  /** Delay only the answers to writes (the change is applied at once). */
  writeDelayMs = 0;
  failWith500 = false;
  requests = 0;
  url = '';
  private server?: Server;

  constructor(readonly token: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests += 1;
        const delay = req.method === 'POST' ? Math.max(this.delayMs, this.writeDelayMs) : this.delayMs;
        const send = (status: number, body: unknown) => {
          const answer = () => {
            if (res.destroyed) return;
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(body));
          };
          if (delay > 0) setTimeout(answer, delay);
          else answer();
        };
        if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { success: false, message: 'unauthorized' });
        if (this.failWith500) return send(500, { success: false, message: 'internal error' });
        const url = new URL(req.url ?? '/', 'http://x');
        const getMatch = /^\/api\/orders\/([^/]+)$/.exec(url.pathname);
        if (req.method === 'GET' && getMatch) {
          const order = this.orders.get(decodeURIComponent(getMatch[1]));
          return order ? send(200, { code: 0, data: order }) : send(404, { code: 404, message: 'no such order' });
        }
        const listMatch = /^\/api\/buyers\/([^/]+)\/orders$/.exec(url.pathname);
        if (req.method === 'GET' && listMatch) {
          const buyer = decodeURIComponent(listMatch[1]);
          return send(200, { code: 0, data: { list: [...this.orders.values()].filter((o) => o.buyer_id === buyer) } });
        }
        if (req.method === 'GET' && url.pathname === '/api/carts') {
          const since = url.searchParams.get('modified_after') ?? '';
          this.cartQueries.push(since);
          return send(200, { code: 0, data: { carts: this.carts.filter((c) => Date.parse(c.modified) >= Date.parse(since)) } });
        }
        const writeMatch = /^\/api\/orders\/([^/]+)\/(address|cancel|refund)$/.exec(url.pathname);
        if (req.method === 'POST' && writeMatch) {
          const order = this.orders.get(decodeURIComponent(writeMatch[1]));
          const key = req.headers['idempotency-key'] as string | undefined;
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
          this.writes.push({ path: url.pathname, key, body });
          if (!order) return send(404, { success: false, message: 'no such order' });
          if (key && this.appliedKeys.has(key)) return send(200, { success: true, data: { ticket: `T-${key}` } });
          if (writeMatch[2] === 'address') {
            if (order.state !== 'WAIT_SEND') return send(200, { success: false, message: '订单已发货，不能改地址' });
            order.receiver.address = String(body.address);
          }
          if (writeMatch[2] === 'cancel') order.state = 'CLOSED';
          if (writeMatch[2] === 'refund') order.state = 'REFUNDING';
          if (key) this.appliedKeys.add(key);
          return send(200, { success: true, data: { ticket: `T-${key}` } });
        }
        send(404, { message: 'not found' });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The provider configuration a merchant would save for this system. */
  providerConfig(timeoutMs = 1000): Record<string, unknown> {
    return {
      baseUrl: this.url,
      authHeader: { name: 'Authorization', value: `Bearer ${this.token}` },
      timeoutMs,
      amountUnit: 'yuan',
      endpoints: {
        getOrder: { method: 'GET', path: '/api/orders/{orderNo}' },
        listOrders: { method: 'GET', path: '/api/buyers/{customerRef}/orders' },
        changeAddress: { method: 'POST', path: '/api/orders/{orderNo}/address' },
        cancelOrder: { method: 'POST', path: '/api/orders/{orderNo}/cancel' },
        createRefund: { method: 'POST', path: '/api/orders/{orderNo}/refund' },
        listCarts: { method: 'GET', path: '/api/carts?modified_after={since}' },
      },
      orderRoot: 'data',
      listRoot: 'data.list',
      orderFields: {
        orderNo: 'order_sn',
        customerRef: 'buyer_id',
        status: 'state',
        totalAmount: 'pay_amount',
        items: 'goods',
        recipientPhone: 'receiver.mobile',
        recipientAddress: 'receiver.address',
        carrier: 'express.company',
        trackingNo: 'express.waybill',
        placedAt: 'created',
        paidAt: 'paid',
      },
      itemFields: { sku: 'goods_sn', name: 'title', quantity: 'num', unitAmount: 'price' },
      statusMap: { WAIT_PAY: 'unpaid', WAIT_SEND: 'paid', SENT: 'shipped', SIGNED: 'delivered', CLOSED: 'cancelled', REFUNDING: 'refunding' },
      writeAnswer: { accepted: 'success', reference: 'data.ticket', message: 'message' },
      cartsRoot: 'data.carts',
      cartFields: { cartRef: 'cart_id', customerRef: 'buyer_id', items: 'lines', changedAt: 'modified', state: 'status' },
      cartStateMap: { OPEN: 'active', ORDERED: 'checked_out', EMPTY: 'cleared' },
    };
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
