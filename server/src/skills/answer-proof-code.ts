import type { SkillPendingAction } from '../commerce/action-models';
import { checkProofCode } from '../order-proof/proof-codes';
import { ORDER_WRITE_SKILLS } from './order-write-skills';
import { clearPendingAction } from './pending-actions';
import type { SkillContext, SkillReply } from './skill-context';
import type { HeldTurn } from './write-proof';


/**
 * The shopper answers the SMS code question. A right code is remembered for the order (write-proof)
 * and the held turn runs as if asked now; a wrong one leaves the question open until the code's
 * tries run out; a message without six digits drops the question and is handled normally.
 */
export async function answerProofCode(ctx: SkillContext, pending: SkillPendingAction): Promise<SkillReply | null> {
  const answer = /(?<!\d)(\d{6})(?!\d)/.exec(ctx.text)?.[1];
  if (!answer) {
    await clearPendingAction(ctx);
    return null;
  }
  const orderNo = String(pending.payload.orderNo);
  const check = await checkProofCode(ctx.runtime.secrets.encryptionKey, { tenantId: ctx.tenantId, conversationId: ctx.conversation.id, orderNo }, answer);
  await ctx.runtime.audit.record({
    tenantId: ctx.tenantId,
    actorType: 'shopper',
    actorId: ctx.customerId,
    action: check.verified ? 'order.ownership_proven' : 'order.ownership_proof_failed',
    targetType: 'order',
    targetId: orderNo,
    details: { method: 'sms_code', conversationId: ctx.conversation.id },
  });
  if (!check.verified) {
    if (check.triesLeft > 0) return { text: `验证码不正确，请核对短信后重新输入（还可尝试 ${check.triesLeft} 次）。`, cards: [], action: 'ask_verification' };
    await clearPendingAction(ctx);
    return { text: '验证码已失效或错误次数过多，订单未做任何修改。如需办理，请重新发起申请获取新的验证码。', cards: [], action: 'order_action_refused' };
  }
  await clearPendingAction(ctx);
  const held = JSON.parse(ctx.runtime.cipher.decrypt(String(pending.payload.heldEncrypted))) as HeldTurn;
  const resume = ORDER_WRITE_SKILLS[held.intent];
  if (!resume) return { text: `验证成功，请再次告诉我您要对订单 ${orderNo} 办理的操作。`, cards: [], action: 'order_action' };
  return resume({ ...ctx, text: held.text, understanding: { ...ctx.understanding, intent: held.intent, slots: { ...held.slots, order_id: orderNo }, confirmation: undefined } });
}
