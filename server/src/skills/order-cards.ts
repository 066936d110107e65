import type { Card } from '@kefu/shared';
import type { CommerceOrder, TrackingEvent } from '../commerce/connectors/connector-types';

const STATUS_LABELS: Record<CommerceOrder['status'], string> = {
  unpaid: '待付款',
  paid: '已付款，待发货',
  shipped: '已发货',
  delivered: '已签收',
  completed: '已完成',
  cancelled: '已取消',
  refunding: '退款中',
  refunded: '已退款',
};

export function statusLabel(status: CommerceOrder['status']): string {
  return STATUS_LABELS[status];
}

export function yuan(cents: number): string {
  return `¥${(cents / 100).toFixed(2)}`;
}

/** Beijing time, minutes precision: what shoppers read on every parcel tracker. */
export function beijingTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function orderCard(order: CommerceOrder): Card {
  const fields = [
    { label: '订单号', value: order.orderNo },
    { label: '状态', value: statusLabel(order.status) },
    { label: '商品', value: order.items.map((i) => `${i.name}${i.size ? ` ${i.size}` : ''}${i.color ? ` ${i.color}` : ''} ×${i.quantity}`).join('；') },
    { label: '金额', value: yuan(order.totalCents) },
  ];
  if (order.carrier && order.trackingNo) fields.push({ label: '快递', value: `${order.carrier} ${order.trackingNo}` });
  return { type: 'order', title: `订单 ${order.orderNo}`, state: order.status, fields };
}

/** What the shopper can do next with this order, as buttons that send the request as their next message. */
export function nextStepActions(order: CommerceOrder): { label: string; text: string }[] {
  const no = order.orderNo;
  switch (order.status) {
    case 'unpaid':
    case 'paid':
      return [
        { label: '修改地址', text: `订单${no}修改收货地址` },
        { label: '取消订单', text: `取消订单${no}` },
      ];
    case 'shipped':
      return [
        { label: '物流有问题', text: `订单${no}物流异常` },
        { label: '转人工', text: '转人工' },
      ];
    case 'delivered':
    case 'completed':
      return [
        { label: '申请退货', text: `订单${no}我要退货` },
        { label: '开发票', text: `给订单${no}开个发票` },
      ];
    default:
      return [{ label: '转人工', text: '转人工' }];
  }
}

export function logisticsCard(order: CommerceOrder, events: TrackingEvent[]): Card {
  return {
    type: 'logistics',
    title: order.carrier && order.trackingNo ? `${order.carrier} ${order.trackingNo}` : `订单 ${order.orderNo} 物流`,
    state: events[0]?.state ?? (order.shippedAt ? 'in_transit' : 'not_shipped'),
    timeline: events.map((e) => ({ time: beijingTime(e.at), text: e.text })),
    actions: nextStepActions(order),
  };
}
