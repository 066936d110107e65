import { ConnectorResponseError, type ResilientEndpoint } from '../resilient-call';
import type { CommerceCart, CommerceOrder, CommerceOrderItem, OrderActionResult, OrderItemRef, OrdersConnector, OrderWrite } from '../connector-types';
import { readDottedPath } from './dotted-path';
import { mapRemoteCart } from './http-carts';
import { guardedFetch } from '../../../network/guarded-fetch';
import type { HttpEndpoint, HttpOrdersConfig } from './http-orders-config';

/**
 * The generic HTTP provider: any in-house order system, configured by endpoints and field mappings.
 * Writes send `Idempotency-Key` (and the key in the body) so the merchant's system can apply a
 * retried request once; reads retry, writes do not (the resilient endpoint decides).
 */
export class HttpOrders implements OrdersConnector {
  constructor(private readonly config: HttpOrdersConfig, private readonly endpoint: ResilientEndpoint) {}

  async getOrder(orderNo: string): Promise<CommerceOrder | null> {
    const answer = await this.request('read', this.config.endpoints.getOrder, { orderNo });
    if (answer === null) return null;
    const raw = readDottedPath(answer, this.config.orderRoot);
    return raw ? this.mapOrder(raw) : null;
  }

  async listOrdersByCustomer(customerRef: string): Promise<CommerceOrder[]> {
    const endpoint = this.config.endpoints.listOrders;
    if (!endpoint) return [];
    const answer = await this.request('read', endpoint, { customerRef });
    const list = readDottedPath(answer, this.config.listRoot);
    if (!Array.isArray(list)) throw new ConnectorResponseError(this.endpoint.system, `no order list at "${this.config.listRoot}"`);
    return list.map((raw) => this.mapOrder(raw));
  }

  changeAddress(write: OrderWrite & { address: string }): Promise<OrderActionResult> {
    return this.write(this.config.endpoints.changeAddress, write, { address: write.address });
  }

  cancelOrder(write: OrderWrite & { reason: string }): Promise<OrderActionResult> {
    return this.write(this.config.endpoints.cancelOrder, write, { reason: write.reason });
  }

  modifyOrder(write: OrderWrite & { item?: OrderItemRef; changes: Record<string, string> }): Promise<OrderActionResult> {
    return this.write(this.config.endpoints.modifyOrder, write, { changes: write.changes, ...(write.item ? { item: write.item } : {}) });
  }

  createRefund(write: OrderWrite & { kind: 'refund' | 'return' | 'exchange'; amountCents: number; reason: string }): Promise<OrderActionResult> {
    return this.write(this.config.endpoints.createRefund, write, { kind: write.kind, amount: this.toTheirAmount(write.amountCents), reason: write.reason });
  }

  claimPriceProtection(write: OrderWrite & { sku: string; amountCents: number }): Promise<OrderActionResult> {
    return this.write(this.config.endpoints.claimPriceProtection, write, { sku: write.sku, amount: this.toTheirAmount(write.amountCents) });
  }

  requestInvoice(write: OrderWrite & { title: string; taxId?: string }): Promise<OrderActionResult> {
    return this.write(this.config.endpoints.requestInvoice, write, { title: write.title, taxId: write.taxId });
  }

  /** Carts changed since `since`, when the merchant mapped a carts endpoint; none otherwise. */
  async listCartsChangedSince(since: Date): Promise<CommerceCart[]> {
    const { listCarts } = this.config.endpoints;
    const fields = this.config.cartFields;
    if (!listCarts || !fields) return [];
    const answer = await this.request('read', listCarts, { since: since.toISOString() });
    const list = readDottedPath(answer, this.config.cartsRoot);
    if (!Array.isArray(list)) throw new ConnectorResponseError(this.endpoint.system, `no cart list at "${this.config.cartsRoot}"`);
    return list.map((raw) => mapRemoteCart(raw, this.config, fields, (line) => this.mapItem(line), this.endpoint.system));
  }

  private async write(endpoint: HttpEndpoint | undefined, write: OrderWrite, payload: Record<string, unknown>): Promise<OrderActionResult> {
    if (!endpoint) return { accepted: false, message: 'the order system has no endpoint for this action' };
    const answer = await this.request('write', endpoint, { orderNo: write.orderNo }, { orderNo: write.orderNo, idempotencyKey: write.idempotencyKey, ...payload }, write.idempotencyKey);
    const fields = this.config.writeAnswer;
    const accepted = readDottedPath(answer, fields.accepted);
    const reference = fields.reference ? readDottedPath(answer, fields.reference) : undefined;
    const message = fields.message ? readDottedPath(answer, fields.message) : undefined;
    return {
      accepted: accepted === true || accepted === 'true' || accepted === 1,
      reference: reference === undefined || reference === null ? undefined : String(reference),
      message: message === undefined || message === null ? undefined : String(message),
    };
  }

  /** One HTTP exchange through timeout/retry/breaker. 404 on a read → null (no such order); other 4xx → a response error. */
  private request(kind: 'read' | 'write', endpoint: HttpEndpoint, params: Record<string, string>, body?: unknown, idempotencyKey?: string): Promise<unknown> {
    const path = endpoint.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''));
    const url = this.config.baseUrl.replace(/\/$/, '') + path;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.config.authHeader) headers[this.config.authHeader.name] = this.config.authHeader.value;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    return this.endpoint.call(kind, async (signal) => {
      const response = await guardedFetch(url, { method: endpoint.method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
      if (kind === 'read' && response.status === 404) return null;
      if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
      const text = await response.text();
      // The status only: the body of a merchant-set URL's answer is never echoed (it could be anything it reached).
      if (response.status >= 400) throw new ConnectorResponseError(this.endpoint.system, `HTTP ${response.status}`);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new ConnectorResponseError(this.endpoint.system, 'answer is not JSON');
      }
    });
  }

  private mapOrder(raw: unknown): CommerceOrder {
    const f = this.config.orderFields;
    const get = (path: string | undefined) => (path ? readDottedPath(raw, path) : undefined);
    const theirStatus = String(get(f.status));
    const status = this.config.statusMap[theirStatus];
    if (!status) throw new ConnectorResponseError(this.endpoint.system, `unmapped order status "${theirStatus}"`);
    const items = get(f.items);
    return {
      orderNo: requiredString(get(f.orderNo), 'orderNo', this.endpoint.system),
      customerRef: optionalString(get(f.customerRef)),
      status,
      items: Array.isArray(items) ? items.map((item) => this.mapItem(item)) : [],
      totalCents: this.toCents(get(f.totalAmount)),
      recipientPhone: optionalString(get(f.recipientPhone)),
      recipientAddress: optionalString(get(f.recipientAddress)),
      carrier: optionalString(get(f.carrier)),
      trackingNo: optionalString(get(f.trackingNo)),
      placedAt: toDate(get(f.placedAt)) ?? new Date(0),
      paidAt: toDate(get(f.paidAt)),
      shippedAt: toDate(get(f.shippedAt)),
    };
  }

  private mapItem(raw: unknown): CommerceOrderItem {
    const f = this.config.itemFields;
    const get = (path: string | undefined) => (path ? readDottedPath(raw, path) : undefined);
    return {
      sku: String(get(f.sku) ?? ''),
      name: String(get(f.name) ?? ''),
      quantity: Number(get(f.quantity) ?? 1),
      unitPriceCents: this.toCents(get(f.unitAmount)),
      size: optionalString(get(f.size)) ?? undefined,
      color: optionalString(get(f.color)) ?? undefined,
    };
  }

  private toCents(value: unknown): number {
    const n = Number(value);
    if (!Number.isFinite(n)) return 0;
    return this.config.amountUnit === 'yuan' ? Math.round(n * 100) : Math.round(n);
  }

  private toTheirAmount(cents: number): number {
    return this.config.amountUnit === 'yuan' ? cents / 100 : cents;
  }
}

function optionalString(value: unknown): string | null {
  return value === undefined || value === null || value === '' ? null : String(value);
}

function requiredString(value: unknown, field: string, system: string): string {
  const text = optionalString(value);
  if (!text) throw new ConnectorResponseError(system, `order has no ${field}`);
  return text;
}

function toDate(value: unknown): Date | null {
  if (value === undefined || value === null || value === '') return null;
  const date = typeof value === 'number' ? new Date(value < 1e12 ? value * 1000 : value) : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
}
