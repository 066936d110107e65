import { readYesNo } from '../nlu/dialogue/request-words';
import { answerItemChoice } from './modify-order-item';
import { answerOrderChange } from './order-change-skill';
import { proveOrderByPhoneDigits } from './order-access';
import { replyOrderStatus } from './order-status-skill';
import { answerProofCode } from './answer-proof-code';
import { clearPendingAction, findPendingAction } from './pending-actions';
import { proofBlockedReply } from './proof-guard';
import type { SkillContext, SkillReply } from './skill-context';

/**
 * The skill asked something last turn (a proof of ownership, an SMS code, which item to change, a yes/no about an order change): this
 * turn answers it. A turn that answers something else drops the question and is handled normally.
 */
export async function answerPendingQuestion(ctx: SkillContext): Promise<SkillReply | null> {
  const pending = await findPendingAction(ctx);
  if (!pending) return null;
  const text = ctx.text.trim();

  if (pending.kind === 'verify_order') {
    const digits = /(?<!\d)(\d{4})(?!\d)/.exec(text)?.[1];
    const orderNo = String(pending.payload.orderNo);
    if (!digits) {
      await clearPendingAction(ctx);
      return null;
    }
    const proof = await proveOrderByPhoneDigits(ctx, orderNo, digits);
    if (proof.proven) {
      await clearPendingAction(ctx);
      return replyOrderStatus(ctx, orderNo);
    }
    // The question stays open after a plain miss; asking again no longer buys tries (proof-guard counts them).
    if (proof.blocked) {
      await clearPendingAction(ctx);
      return proofBlockedReply();
    }
    return { text: '验证未通过，请核对后重新输入该订单收货手机号的后四位。', cards: [], action: 'ask_verification' };
  }

  if (pending.kind === 'verify_code') return answerProofCode(ctx, pending);

  if (pending.kind === 'choose_item') {
    if (readYesNo(text) === 'no' || ctx.understanding.confirmation?.answer === 'no') {
      await clearPendingAction(ctx);
      return { text: `好的，订单 ${String(pending.payload.orderNo)} 未做任何修改。`, cards: [], action: 'order_action' };
    }
    return answerItemChoice(ctx, pending);
  }

  if (pending.kind === 'confirm_action') {
    // The confirmation card's buttons send 确认 / 取消; typed 是的 / 算了 arrive as the NLU's confirmation.
    const answer = ctx.understanding.confirmation?.answer ?? readYesNo(text);
    if (!answer) {
      await clearPendingAction(ctx);
      return null;
    }
    return answerOrderChange(ctx, pending, answer === 'yes');
  }

  await clearPendingAction(ctx);
  return null;
}
