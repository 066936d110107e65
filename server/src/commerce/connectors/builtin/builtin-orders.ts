import { Customer } from '../../../customers/models';
import type { FieldCipher } from '../../../privacy/field-cipher';
import { Order } from '../../models';
import type { CommerceOrder, OrderActionResult, OrderItemRef, OrdersConnector, OrderWrite } from '../connector-types';
import { isOrderLine } from '../order-line';

const CHANGEABLE = new Set(['unpaid', 'paid']);
const REFUNDABLE = new Set(['paid', 'shipped', 'delivered', 'completed']);

/**
 * The order system of a merchant who runs on Kefu's own tables (the demo merchant does). It enforces
 * the same state rules a real order system would, so a skill cannot change a shipped order here either.
 */
export class BuiltinOrders implements OrdersConnector {
  constructor(private readonly tenantId: number, private readonly cipher: FieldCipher) {}

  async getOrder(orderNo: string): Promise<CommerceOrder | null> {
    const order = await Order.findOne({ where: { tenantId: this.tenantId, orderNo } });
    return order ? this.view(order) : null;
  }

  async listOrdersByCustomer(customerRef: string): Promise<CommerceOrder[]> {
    const customer = await Customer.findOne({ where: { tenantId: this.tenantId, externalRef: customerRef } });
    if (!customer) return [];
    const orders = await Order.findAll({ where: { tenantId: this.tenantId, customerId: customer.id }, order: [['placedAt', 'DESC']] });
    return Promise.all(orders.map((o) => this.view(o, customerRef)));
  }

  async changeAddress(write: OrderWrite & { address: string }): Promise<OrderActionResult> {
    const order = await this.find(write.orderNo);
    if (!order) return { accepted: false, message: 'order not found' };
    if (!CHANGEABLE.has(order.status)) return { accepted: false, message: `order is ${order.status}` };
    await Order.update({ addressEncrypted: this.cipher.encrypt(write.address) }, { where: { tenantId: this.tenantId, id: order.id } });
    return { accepted: true, reference: write.idempotencyKey };
  }

  async cancelOrder(write: OrderWrite & { reason: string }): Promise<OrderActionResult> {
    const order = await this.find(write.orderNo);
    if (!order) return { accepted: false, message: 'order not found' };
    // Cancelling a cancelled order is the retry of the same request: accepted, nothing changes.
    if (order.status === 'cancelled') return { accepted: true, reference: write.idempotencyKey };
    if (!CHANGEABLE.has(order.status)) return { accepted: false, message: `order is ${order.status}` };
    await Order.update({ status: 'cancelled' }, { where: { tenantId: this.tenantId, id: order.id } });
    return { accepted: true, reference: write.idempotencyKey };
  }

  async modifyOrder(write: OrderWrite & { item?: OrderItemRef; changes: Record<string, string> }): Promise<OrderActionResult> {
    const order = await this.find(write.orderNo);
    if (!order) return { accepted: false, message: 'order not found' };
    if (!CHANGEABLE.has(order.status)) return { accepted: false, message: `order is ${order.status}` };
    const quantity = write.changes.quantity === undefined ? undefined : Number(write.changes.quantity);
    if (quantity !== undefined && !(Number.isInteger(quantity) && quantity >= 1)) return { accepted: false, message: 'invalid quantity' };
    // A request without an item predates naming the line: it meant the first one, as it did then.
    const ref = write.item;
    const target = ref ? order.items.findIndex((item) => isOrderLine(item, ref)) : 0;
    if (ref && target < 0) {
      // A retry of a request that already went through finds the line as it made it.
      const changed = { ...ref, ...pick(write.changes, ['size', 'color']) };
      if (order.items.some((item) => isOrderLine(item, changed) && (quantity === undefined || item.quantity === quantity))) return { accepted: true, reference: write.idempotencyKey };
      return { accepted: false, message: `no item ${ref.sku} in the order` };
    }
    const items = order.items.map((item, index) => (index === target ? { ...item, ...pick(write.changes, ['size', 'color']), ...(quantity ? { quantity } : {}) } : item));
    // Same values again (a retried request) write the same row: applying it twice changes nothing.
    const totalCents = items.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0);
    await Order.update({ items, totalCents }, { where: { tenantId: this.tenantId, id: order.id } });
    return { accepted: true, reference: write.idempotencyKey };
  }

  async createRefund(write: OrderWrite & { kind: 'refund' | 'return' | 'exchange'; amountCents: number; reason: string }): Promise<OrderActionResult> {
    const order = await this.find(write.orderNo);
    if (!order) return { accepted: false, message: 'order not found' };
    if (order.status === 'refunding') return { accepted: true, reference: write.idempotencyKey };
    if (!REFUNDABLE.has(order.status)) return { accepted: false, message: `order is ${order.status}` };
    if (write.kind !== 'exchange') await Order.update({ status: 'refunding' }, { where: { tenantId: this.tenantId, id: order.id } });
    return { accepted: true, reference: write.idempotencyKey };
  }

  async claimPriceProtection(write: OrderWrite & { sku: string; amountCents: number }): Promise<OrderActionResult> {
    const order = await this.find(write.orderNo);
    if (!order) return { accepted: false, message: 'order not found' };
    return { accepted: true, reference: write.idempotencyKey };
  }

  async requestInvoice(write: OrderWrite & { title: string; taxId?: string }): Promise<OrderActionResult> {
    const order = await this.find(write.orderNo);
    if (!order) return { accepted: false, message: 'order not found' };
    if (order.status === 'unpaid' || order.status === 'cancelled') return { accepted: false, message: `order is ${order.status}` };
    return { accepted: true, reference: write.idempotencyKey };
  }

  private find(orderNo: string): Promise<Order | null> {
    return Order.findOne({ where: { tenantId: this.tenantId, orderNo } });
  }

  private async view(order: Order, knownRef?: string): Promise<CommerceOrder> {
    let customerRef = knownRef ?? null;
    if (!customerRef && order.customerId) {
      const customer = await Customer.findOne({ where: { tenantId: this.tenantId, id: order.customerId } });
      customerRef = customer?.externalRef ?? null;
    }
    return {
      orderNo: order.orderNo,
      customerRef,
      status: order.status,
      items: order.items,
      totalCents: order.totalCents,
      recipientPhone: this.cipher.decryptOptional(order.phoneEncrypted),
      recipientAddress: this.cipher.decryptOptional(order.addressEncrypted),
      carrier: order.carrier,
      trackingNo: order.trackingNo,
      placedAt: order.placedAt,
      paidAt: order.paidAt,
      shippedAt: order.shippedAt,
    };
  }
}

function pick(source: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => typeof source[k] === 'string').map((k) => [k, source[k]]));
}
