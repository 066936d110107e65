import type { SkillPendingAction } from '../commerce/action-models';
import type { CommerceOrder, CommerceOrderItem } from '../commerce/connectors/connector-types';
import { isOrderLine } from '../commerce/connectors/order-line';
import { confirmation } from './confirmation-card';
import { describeChanges, type ItemChanges } from './item-changes';
import { accessOrder } from './order-access';
import { clearPendingAction, setPendingAction } from './pending-actions';
import { itemLabel, itemRef, pickFromAnswer, pickOrderItem, type ItemRef } from './pick-order-item';
import type { SkillContext, SkillReply } from './skill-context';

/**
 * 「订单E…的T恤改成L码」: the change goes to the item the shopper named. When the order holds
 * several items and the message does not say which, the shopper picks one from buttons first.
 */
export async function proposeItemModify(ctx: SkillContext, order: CommerceOrder, changes: ItemChanges): Promise<SkillReply> {
  const pick = await pickOrderItem(ctx.tenantId, order.items, ctx.text, ctx.understanding.slots.product);
  if ('picked' in pick) return confirmItemModify(ctx, order.orderNo, pick.picked, changes);
  const candidates = pick.candidates;
  await setPendingAction(ctx, 'choose_item', { orderNo: order.orderNo, changes, candidates: candidates.map(itemRef) });
  return {
    text: `订单 ${order.orderNo} 里有 ${candidates.length} 件商品，请问要把哪一件修改为：${describeChanges(changes)}？`,
    cards: [
      {
        type: 'quick_replies',
        title: '请选择要修改的商品',
        actions: candidates.map((item, index) => ({ label: itemLabel(item), text: `第${index + 1}件：${itemLabel(item)}` })),
      },
    ],
    action: 'order_action',
  };
}

/** The shopper answered "which item?": ask to confirm the change on it; an answer naming none drops the question. */
export async function answerItemChoice(ctx: SkillContext, pending: SkillPendingAction): Promise<SkillReply | null> {
  const payload = pending.payload as { orderNo: string; changes: ItemChanges; candidates: ItemRef[] };
  const access = await accessOrder(ctx, payload.orderNo, 'order.modify');
  if (!access.granted) {
    await clearPendingAction(ctx);
    return access.reply;
  }
  // The buttons were numbered over the candidates as they were then; match them to today's lines.
  const candidates = payload.candidates
    .map((ref) => access.order.items.find((item) => isOrderLine(item, ref)))
    .filter((item): item is CommerceOrderItem => item !== undefined);
  const chosen = candidates.length === payload.candidates.length ? await pickFromAnswer(ctx.tenantId, candidates, ctx.text) : null;
  if (!chosen) {
    await clearPendingAction(ctx);
    return null;
  }
  return confirmItemModify(ctx, payload.orderNo, chosen, payload.changes);
}

async function confirmItemModify(ctx: SkillContext, orderNo: string, item: CommerceOrderItem, changes: ItemChanges): Promise<SkillReply> {
  await setPendingAction(ctx, 'confirm_action', { kind: 'modify', orderNo, changes, item: itemRef(item) });
  return confirmation(`确认将订单 ${orderNo} 中的商品「${itemLabel(item)}」修改为：${describeChanges(changes)}？`, '确认修改订单', [
    { label: '订单号', value: orderNo },
    { label: '商品', value: itemLabel(item) },
    { label: '修改为', value: describeChanges(changes) },
  ], 'order.modify');
}
