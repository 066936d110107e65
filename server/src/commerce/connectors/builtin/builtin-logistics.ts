import { LogisticsEvent, Order } from '../../models';
import type { LogisticsConnector, TrackingEvent, TrackingState } from '../connector-types';

const STATES: Record<string, TrackingState> = { 已揽收: 'collected', 运输中: 'in_transit', 派送中: 'out_for_delivery', 已签收: 'delivered', 异常: 'exception', 退回: 'returned' };

export function trackingStateOf(label: string): TrackingState {
  return STATES[label] ?? 'unknown';
}

/** Logistics events the store recorded itself (or received by Kuaidi100 push) for the order with that waybill. */
export class BuiltinLogistics implements LogisticsConnector {
  constructor(private readonly tenantId: number) {}

  async track(input: { carrier: string; trackingNo: string }): Promise<TrackingEvent[]> {
    const order = await Order.findOne({ where: { tenantId: this.tenantId, trackingNo: input.trackingNo } });
    if (!order) return [];
    const events = await LogisticsEvent.findAll({ where: { tenantId: this.tenantId, orderId: order.id }, order: [['occurredAt', 'DESC']] });
    return events.map((e) => ({ at: e.occurredAt, state: trackingStateOf(e.status), text: e.description }));
  }
}
