import { readYesNo } from '../nlu/dialogue/request-words';
import { answerItemChoice } from './modify-order-item';
import { answerOrderChange } from './order-change-skill';
import { proveOrderByPhoneDigits } from './order-access';
import { replyOrderStatus } from './order-status-skill';
import { clearPendingAction, countPendingAttempt, findPendingAction } from './pending-actions';
import type { SkillContext, SkillReply } from './skill-context';

const MAX_PROOF_ATTEMPTS = 3;

/**
 * The skill asked something last turn (a proof of ownership, which item to change, a yes/no about an order change): this
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
    const order = await proveOrderByPhoneDigits(ctx, orderNo, digits);
    if (order) {
      await clearPendingAction(ctx);
      return replyOrderStatus(ctx, orderNo);
    }
    const attempts = await countPendingAttempt(ctx, pending);
    if (attempts >= MAX_PROOF_ATTEMPTS) {
      await clearPendingAction(ctx);
      return { text: '验证未通过，为保护订单信息已停止本次查询。如需帮助请登录店铺账号或转人工客服。', cards: [], action: 'ask_verification' };
    }
    return { text: `验证未通过，请核对后重新输入收货手机号后四位（还可尝试 ${MAX_PROOF_ATTEMPTS - attempts} 次）。`, cards: [], action: 'ask_verification' };
  }

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
