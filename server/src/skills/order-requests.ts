import { CommerceRequest, type CommerceRequestKind } from '../commerce/action-models';
import type { CommerceConnectors, OrderActionResult, OrderItemRef } from '../commerce/connectors/connector-types';
import { loadCommerceConnectors } from '../commerce/connectors/connector-registry';
import { findOrCreateRow } from '../commerce/find-or-create-row';
import type { Runtime } from '../runtime';
import { yuan } from './order-cards';

/**
 * A write to the order system as a stored request: the row is written first (keyed by its
 * idempotency key), then the order system is called with that key, then the outcome and the notice
 * for the shopper are stored. A retry (job or replayed message) finds the row and never applies the
 * change twice; a notice that could not be delivered is still in the row and is sent again.
 */
export interface NewOrderRequest {
  kind: CommerceRequestKind;
  orderNo: string;
  idempotencyKey: string;
  customerId: number | null;
  conversationId: number | null;
  replyToMessageId: number | null;
  amountCents?: number;
  details: Record<string, unknown>;
}

export async function recordOrderRequest(tenantId: number, input: NewOrderRequest): Promise<CommerceRequest> {
  return findOrCreateRow(CommerceRequest, { tenantId, idempotencyKey: input.idempotencyKey }, {
      tenantId,
      kind: input.kind,
      orderNo: input.orderNo,
      customerId: input.customerId,
      idempotencyKey: input.idempotencyKey,
      status: 'pending',
      amountCents: input.amountCents ?? null,
      details: input.details,
      conversationId: input.conversationId,
      replyToMessageId: input.replyToMessageId,
      noticeText: null,
      notifiedAt: null,
  });
}

/** Sends a pending request to the order system (once); throws ConnectorUnavailableError when it cannot be reached. */
export async function runOrderRequest(runtime: Runtime, row: CommerceRequest, connectors?: CommerceConnectors): Promise<CommerceRequest> {
  if (row.status !== 'pending') return row;
  const orders = (connectors ?? (await loadCommerceConnectors(row.tenantId, runtime.cipher))).orders;
  const result = await perform(runtime, orders, row);
  const status = result.accepted ? 'done' : 'rejected';
  const noticeText = result.accepted ? acceptedNotice(row) : refusedNotice(row, result.message);
  await CommerceRequest.update({ status, result: { ...result }, noticeText }, { where: { tenantId: row.tenantId, id: row.id } });
  await runtime.audit.record({
    tenantId: row.tenantId,
    actorType: 'shopper',
    actorId: row.customerId,
    action: `order.${row.kind}.${status}`,
    targetType: 'order',
    targetId: row.orderNo,
    details: { requestId: row.id, idempotencyKey: row.idempotencyKey, reference: result.reference ?? null, message: result.message ?? null },
  });
  // reload() would query by primary key alone, which the tenant guard rightly refuses.
  return (await CommerceRequest.findOne({ where: { tenantId: row.tenantId, id: row.id } })) ?? row;
}

function perform(runtime: Runtime, orders: CommerceConnectors['orders'], row: CommerceRequest): Promise<OrderActionResult> {
  const base = { orderNo: row.orderNo, idempotencyKey: row.idempotencyKey };
  const d = row.details;
  switch (row.kind) {
    case 'address_change':
      // The new address is kept encrypted in the request row, like every stored address.
      return orders.changeAddress({ ...base, address: runtime.cipher.decrypt(String(d.addressEncrypted)) });
    case 'cancel':
      return orders.cancelOrder({ ...base, reason: String(d.reason ?? '顾客申请取消') });
    case 'modify':
      return orders.modifyOrder({ ...base, changes: (d.changes ?? {}) as Record<string, string>, ...(d.item ? { item: d.item as OrderItemRef } : {}) });
    case 'refund':
    case 'return':
    case 'exchange':
      return orders.createRefund({ ...base, kind: row.kind, amountCents: row.amountCents ?? 0, reason: String(d.reason ?? '') });
    case 'price_protection':
      return orders.claimPriceProtection({ ...base, sku: String(d.sku ?? ''), amountCents: row.amountCents ?? 0 });
    case 'invoice':
      return orders.requestInvoice({ ...base, title: String(d.title ?? '个人'), taxId: typeof d.taxId === 'string' ? d.taxId : undefined });
  }
}

function acceptedNotice(row: CommerceRequest): string {
  switch (row.kind) {
    case 'address_change':
      return `订单 ${row.orderNo} 的收货地址已修改成功，将按新地址发货。`;
    case 'cancel':
      return `订单 ${row.orderNo} 已取消，如已付款，款项将在1-3个工作日内原路退回。`;
    case 'modify':
      return `订单 ${row.orderNo} 已按您的要求修改。`;
    case 'refund':
    case 'return':
      return `订单 ${row.orderNo} 的退款申请已受理，退款金额 ${yuan(row.amountCents ?? 0)}，将原路退回。`;
    case 'exchange':
      return `订单 ${row.orderNo} 的换货申请已受理，请按页面提示寄回商品。`;
    case 'price_protection':
      return `订单 ${row.orderNo} 的价保申请已提交，差价 ${yuan(row.amountCents ?? 0)} 将退回原支付账户。`;
    case 'invoice':
      return `订单 ${row.orderNo} 的电子发票申请已提交（抬头：${String(row.details.title ?? '个人')}），开具后会发送到您的账户。`;
  }
}

function refusedNotice(row: CommerceRequest, message: string | undefined): string {
  return `订单 ${row.orderNo} 暂时无法办理该操作${message ? `（订单系统：${message}）` : ''}，如需帮助可以转人工客服。`;
}
