import type { Card } from '@kefu/shared';
import { LogisticsEvent, Order, type OrderStatus } from './models';

const STATUS_LABELS: Record<OrderStatus, string> = {
  unpaid: '待付款',
  paid: '已付款，待发货',
  shipped: '已发货',
  delivered: '已签收',
  completed: '已完成',
  cancelled: '已取消',
  refunding: '退款中',
  refunded: '已退款',
};

export function orderStatusLabel(status: OrderStatus): string {
  return STATUS_LABELS[status];
}

/**
 * The order a shopper most likely means when they name none: for "where is my parcel" the latest one
 * that is on its way (or has arrived), otherwise simply the latest one.
 */
export async function findLatestOrderForCustomer(tenantId: number, customerId: number, preferInTransit = false): Promise<Order | null> {
  if (preferInTransit) {
    const moving = await Order.findOne({ where: { tenantId, customerId, status: ['shipped', 'delivered'] }, order: [['placedAt', 'DESC']] });
    if (moving) return moving;
  }
  return Order.findOne({ where: { tenantId, customerId }, order: [['placedAt', 'DESC']] });
}

/** Looks an order up by number only within the customer's own orders: details go only to their owner. */
export async function findCustomerOrderByNo(tenantId: number, customerId: number, orderNo: string): Promise<Order | null> {
  return Order.findOne({ where: { tenantId, customerId, orderNo } });
}

export async function listLogisticsEvents(tenantId: number, orderId: number): Promise<LogisticsEvent[]> {
  return LogisticsEvent.findAll({ where: { tenantId, orderId }, order: [['occurredAt', 'DESC']] });
}

/** The order card shown to its owner: status, items and the latest logistics step. */
export function buildOrderCard(order: Order, events: LogisticsEvent[]): Card {
  const latest = events[0];
  const fields = [
    { label: '订单号', value: order.orderNo },
    { label: '状态', value: orderStatusLabel(order.status) },
    { label: '商品', value: order.items.map((i) => `${i.name}${i.size ? ` ${i.size}` : ''}${i.color ? ` ${i.color}` : ''} ×${i.quantity}`).join('；') },
    { label: '金额', value: `¥${(order.totalCents / 100).toFixed(2)}` },
  ];
  if (order.carrier && order.trackingNo) fields.push({ label: '快递', value: `${order.carrier} ${order.trackingNo}` });
  if (latest) fields.push({ label: '最新物流', value: `${latest.occurredAt.toISOString().slice(0, 16).replace('T', ' ')} ${latest.description}` });
  return { type: 'order', title: `订单 ${order.orderNo}`, fields };
}
