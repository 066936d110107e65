import type { CommerceOrder } from '../commerce/connectors/connector-types';
import { discardProofCode, hasVerifiedCode, issueProofCode, type CodeTarget } from '../order-proof/proof-codes';
import { maskPhone } from '../privacy/mask';
import { normalizePhone } from '../privacy/normalize-phone';
import { smsSenderFor, SmsUnavailableError } from '../sms/sms-sender';
import { setPendingAction } from './pending-actions';
import type { SkillContext, SkillReply } from './skill-context';

function signInReply(): SkillReply {
  return { text: '为保障订单安全，修改地址、取消订单、修改商品、退款、价保和开票需要登录店铺账号后办理。请登录后再试，或回复「转人工」由客服协助。', cards: [], action: 'order_action_refused' };
}

/** The turn a code unlocks, kept encrypted with the question (it may hold an address), replayed once the code checks out. */
export interface HeldTurn {
  intent: string;
  text: string;
  slots: Record<string, string | number>;
}

function codeTarget(ctx: SkillContext, orderNo: string): CodeTarget {
  return { tenantId: ctx.tenantId, conversationId: ctx.conversation.id, orderNo };
}

/** May this shopper write to the order now? The verified owner always; an anonymous shopper only with a fresh SMS code. */
export async function hasWriteProof(ctx: SkillContext, orderNo: string): Promise<boolean> {
  return Boolean(ctx.customerRef) || hasVerifiedCode(codeTarget(ctx, orderNo));
}

/**
 * Writes (address, cancel, item change, refund, price protection, invoice) by an anonymous shopper need more than the four
 * digits that unlock reading: a one-time code sent to the order's phone. Null: go ahead. Otherwise
 * the reply asks for the code (and this turn waits with the question), or says why none was sent.
 * The code itself goes only to the SMS gateway, never into a reply, log, audit row or event.
 */
export async function requireWriteProof(ctx: SkillContext, order: CommerceOrder): Promise<SkillReply | null> {
  if (await hasWriteProof(ctx, order.orderNo)) return null;
  const sender = smsSenderFor(ctx.runtime.config);
  const phone = normalizePhone(order.recipientPhone ?? '');
  if (!sender || phone.length < 11) return signInReply();
  const issued = await issueProofCode(ctx.runtime.secrets.encryptionKey, codeTarget(ctx, order.orderNo), phone);
  if (!issued.issued) {
    const text = issued.reason === 'cooldown' ? '验证码发送过于频繁，请1分钟后再试。' : '该订单今日获取验证码的次数已达上限，请明天再试，或登录店铺账号办理。';
    return { text, cards: [], action: 'order_action_refused' };
  }
  try {
    await sender.send({ tenantId: ctx.tenantId, phone, template: ctx.runtime.config.SMS_TEMPLATE, params: { code: issued.code } });
  } catch (error) {
    if (!(error instanceof SmsUnavailableError)) throw error;
    await discardProofCode(ctx.tenantId, issued.id);
    ctx.runtime.logger.warn({ tenantId: ctx.tenantId, reason: error.message }, 'order proof code not sent');
    return { text: '验证码暂时无法发送，请稍后再试，或登录店铺账号办理。', cards: [], action: 'order_action_refused' };
  }
  const held: HeldTurn = { intent: ctx.understanding.intent, text: ctx.text, slots: ctx.understanding.slots };
  await setPendingAction(ctx, 'verify_code', { orderNo: order.orderNo, heldEncrypted: ctx.runtime.cipher.encrypt(JSON.stringify(held)) });
  const masked = maskPhone(phone);
  await ctx.runtime.audit.record({
    tenantId: ctx.tenantId,
    actorType: 'shopper',
    actorId: ctx.customerId,
    action: 'order.proof_code_sent',
    targetType: 'order',
    targetId: order.orderNo,
    details: { method: 'sms_code', phone: masked, conversationId: ctx.conversation.id },
  });
  return { text: `为保障订单安全，验证码已发送至 ${masked}，请在5分钟内回复6位验证码。`, cards: [], action: 'ask_verification' };
}
