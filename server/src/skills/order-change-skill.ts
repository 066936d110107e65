import { createHash } from 'node:crypto';
import { ConnectorUnavailableError } from '../commerce/connectors/resilient-call';
import type { SkillPendingAction } from '../commerce/action-models';
import { maskSensitiveText } from '../privacy/mask';
import { scheduleFollowUp } from './follow-up-schedule';
import { accessOrder } from './order-access';
import { statusLabel } from './order-cards';
import { confirmation } from './confirmation-card';
import { requestedItemChanges, type ItemChanges } from './item-changes';
import { proposeItemModify } from './modify-order-item';
import { recordOrderRequest, runOrderRequest } from './order-requests';
import { clearPendingAction, setPendingAction } from './pending-actions';
import type { ItemRef } from './pick-order-item';
import { orderNoSlot, type SkillContext, type SkillReply } from './skill-context';
import { hasWriteProof, requireWriteProof } from './write-proof';

type ChangeKind = 'address_change' | 'cancel' | 'modify';
/** A confirmation waiting in the conversation; `item` names the order line a modify applies to. */
type ChangePayload = { kind: ChangeKind; orderNo: string; addressEncrypted?: string; changes?: ItemChanges; item?: ItemRef };

/** Before shipment only: once a parcel is on its way the carrier, not the shop, can reroute it. */
const ALLOWED_STATES = new Set(['unpaid', 'paid']);

const POLICY_TEXT: Record<ChangeKind, string> = {
  address_change: '订单发货后无法在店铺修改收货地址。您可以联系快递员改派，或拒收后重新下单。',
  cancel: '订单发货后无法直接取消。您可以在签收后申请七天无理由退货，或拒收包裹，退款将在我们收到退回商品后处理。',
  modify: '订单发货后无法修改尺码、颜色或数量。您可以在签收后申请换货，或转人工客服协助处理。',
};

/** The intent each kind's confirmation answers, so 确认 / 算了 next turn resolves the right question. */
const ASKS: Record<ChangeKind, string> = { address_change: 'order.change_address', cancel: 'order.cancel', modify: 'order.modify' };

/**
 * Change address / cancel: checked against the order's state, confirmed by the shopper, then sent to
 * the order system as an idempotent request. The confirmation is stored with the conversation, so
 * 是的 / 算了 (or the card's 确认 / 取消) in the next turn resolves it on any process.
 */
export async function proposeOrderChange(ctx: SkillContext, kind: ChangeKind): Promise<SkillReply> {
  const orderNo = orderNoSlot(ctx);
  const access = await accessOrder(ctx, orderNo, ctx.understanding.intent);
  if (!access.granted) return access.reply;
  const order = access.order;
  if (!ALLOWED_STATES.has(order.status)) {
    return { text: `订单 ${order.orderNo} 当前状态为「${statusLabel(order.status)}」。${POLICY_TEXT[kind]}`, cards: [], action: 'order_action_refused' };
  }
  const proofNeeded = await requireWriteProof(ctx, order);
  if (proofNeeded) return proofNeeded;
  if (kind === 'address_change') {
    const address = typeof ctx.understanding.slots.address === 'string' ? ctx.understanding.slots.address : undefined;
    if (!address) return { text: `请发送订单 ${order.orderNo} 的新收货地址（省市区 + 详细地址）。`, cards: [], action: 'order_action' };
    await setPendingAction(ctx, 'confirm_action', { kind, orderNo: order.orderNo, addressEncrypted: ctx.runtime.cipher.encrypt(address) });
    return confirmation(`确认将订单 ${order.orderNo} 的收货地址修改为：${address}？`, '确认修改收货地址', [
      { label: '订单号', value: order.orderNo },
      { label: '新地址', value: address },
    ], 'order.change_address');
  }
  if (kind === 'modify') {
    const changes = requestedItemChanges(ctx);
    if (!changes) return { text: `请告诉我订单 ${order.orderNo} 要改成的尺码、颜色或数量（例如「改成43码」「换成黑色」「数量改成2件」）。`, cards: [], action: 'order_action' };
    return proposeItemModify(ctx, order, changes);
  }
  await setPendingAction(ctx, 'confirm_action', { kind, orderNo: order.orderNo });
  return confirmation(`确认取消订单 ${order.orderNo}？取消后无法恢复。`, '确认取消订单', [
    { label: '订单号', value: order.orderNo },
    { label: '状态', value: statusLabel(order.status) },
  ], 'order.cancel');
}

/** The shopper answered the confirmation: run the change once, or leave the order untouched. */
export async function answerOrderChange(ctx: SkillContext, pending: SkillPendingAction, yes: boolean): Promise<SkillReply> {
  const payload = pending.payload as ChangePayload;
  if (!yes) {
    await clearPendingAction(ctx);
    return { text: `好的，订单 ${payload.orderNo} 未做任何修改。`, cards: [], action: 'order_action' };
  }
  // Re-check ownership and state at execution time: the order may have shipped since the question.
  let access;
  try {
    access = await accessOrder(ctx, payload.orderNo, ctx.understanding.intent);
  } catch (error) {
    if (!(error instanceof ConnectorUnavailableError)) throw error;
    // Nothing was sent yet: the question stays open, so 确认 again later still works.
    return { text: `订单系统暂时响应较慢，订单 ${payload.orderNo} 还未修改。请稍后回复「确认」再试。`, cards: [], action: 'lookup_pending', asks: ASKS[payload.kind] };
  }
  await clearPendingAction(ctx);
  if (!access.granted) return access.reply;
  // The SMS proof of an anonymous shopper lasts half an hour: a confirmation answered later asks again.
  if (!(await hasWriteProof(ctx, payload.orderNo))) {
    return { text: `验证已过期，订单 ${payload.orderNo} 未做任何修改。请重新发起申请。`, cards: [], action: 'order_action_refused' };
  }
  if (!ALLOWED_STATES.has(access.order.status)) {
    return { text: `订单 ${payload.orderNo} 当前状态为「${statusLabel(access.order.status)}」。${POLICY_TEXT[payload.kind]}`, cards: [], action: 'order_action_refused' };
  }
  const fingerprint = payload.addressEncrypted
    ? sha16(ctx.runtime.cipher.decrypt(payload.addressEncrypted))
    : payload.changes
      ? sha16(JSON.stringify({ changes: payload.changes, item: payload.item ?? null }))
      : 'cancel';
  const row = await recordOrderRequest(ctx.tenantId, {
    kind: payload.kind,
    orderNo: payload.orderNo,
    idempotencyKey: `${payload.kind}:${payload.orderNo}:${fingerprint}:${pending.id}`,
    customerId: ctx.customerId,
    conversationId: ctx.conversation.id,
    replyToMessageId: ctx.messageId ?? null,
    details: requestDetails(payload),
  });
  try {
    const done = await runOrderRequest(ctx.runtime, row, await ctx.connectors());
    ctx.runtime.logger.info({ tenantId: ctx.tenantId, orderNo: done.orderNo, kind: done.kind, status: done.status, note: maskSensitiveText(done.noticeText ?? '') }, 'order request finished');
    return { text: done.noticeText ?? '', cards: [], action: done.status === 'done' ? 'order_action' : 'order_action_refused' };
  } catch (error) {
    if (!(error instanceof ConnectorUnavailableError)) throw error;
    await scheduleFollowUp(ctx.runtime, { type: 'request', tenantId: ctx.tenantId, requestId: row.id });
    return { text: `已为您提交订单 ${payload.orderNo} 的申请，订单系统响应较慢，处理结果稍后消息您。`, cards: [], action: 'lookup_pending' };
  }
}

function sha16(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function requestDetails(payload: ChangePayload): Record<string, unknown> {
  if (payload.kind === 'address_change') return { addressEncrypted: payload.addressEncrypted };
  if (payload.kind === 'modify') return { changes: payload.changes ?? {}, ...(payload.item ? { item: payload.item } : {}) };
  return { reason: '顾客在客服对话中申请取消' };
}
