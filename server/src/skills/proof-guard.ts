import { queueProofLockAlert } from '../agents/queue-proof-lock-alert';
import { findChannelIdentity } from '../customers/identity-service';
import { countProofFailure, isProofBlocked, orderProofSubject, type NewLock, type ProofSubject } from '../order-proof/attempt-limits';
import type { SkillContext, SkillReply } from './skill-context';

/**
 * The one answer for a proof that may not be tried now, whatever the reason (order locked, device,
 * customer or IP locked, backoff running) and whether or not the order exists: nothing to learn.
 */
export function proofBlockedReply(): SkillReply {
  return { text: '验证未通过次数过多，为保护订单信息，暂时无法继续验证。请稍后再试，或登录店铺账号查询；也可以回复「转人工」。', cards: [], action: 'ask_verification' };
}

/**
 * What a proof of `orderNo` is counted against: the order number (as typed, normalised), the
 * customer, the device (channel identity: a web session, a WeChat openid) and the client IP when the
 * channel knows it (the web channel stores it on the identity).
 */
export async function proofSubjects(ctx: SkillContext, orderNo: string): Promise<ProofSubject[]> {
  const subjects: ProofSubject[] = [
    { scope: 'order', subject: orderProofSubject(orderNo) },
    { scope: 'customer', subject: String(ctx.customerId) },
    { scope: 'identity', subject: String(ctx.conversation.channelIdentityId) },
  ];
  const identity = await findChannelIdentity(ctx.tenantId, ctx.conversation.channelIdentityId);
  if (identity?.lastIp) subjects.push({ scope: 'ip', subject: identity.lastIp });
  return subjects;
}

export async function isOrderProofBlocked(ctx: SkillContext, orderNo: string): Promise<boolean> {
  return isProofBlocked(ctx.tenantId, await proofSubjects(ctx, orderNo));
}

/** Counts a failed proof everywhere; a subject that just locked is audited and recorded as an event, and an order's lock alerts the agents' desk. */
export async function countOrderProofFailure(ctx: SkillContext, orderNo: string): Promise<void> {
  const locks = await countProofFailure(ctx.tenantId, await proofSubjects(ctx, orderNo));
  for (const lock of locks) await alertProofLocked(ctx, orderNo, lock);
}

async function alertProofLocked(ctx: SkillContext, orderNo: string, lock: NewLock): Promise<void> {
  // The subject of a customer / device / IP lock stays out of the event: analytics needs the kind, not the address.
  const details = { scope: lock.scope, failures: lock.failures, lockedUntil: lock.lockedUntil.toISOString(), conversationId: ctx.conversation.id };
  await ctx.runtime.audit.record({
    tenantId: ctx.tenantId,
    actorType: 'shopper',
    actorId: ctx.customerId,
    action: 'order.ownership_proof_locked',
    targetType: 'order',
    targetId: orderNo,
    details: lock.scope === 'order' ? details : { ...details, subject: lock.subject },
  });
  await ctx.runtime.events.emit({
    tenantId: ctx.tenantId,
    type: 'order.ownership_proof_locked',
    conversationId: ctx.conversation.id,
    messageId: ctx.messageId ?? null,
    payload: { orderNo, scope: lock.scope, failures: lock.failures, lockedUntil: details.lockedUntil },
  });
  ctx.runtime.logger.warn({ tenantId: ctx.tenantId, orderNo, scope: lock.scope }, 'order ownership proof locked after repeated failures');
  // The agents hear about the order's lock; a device or IP lock is the audit log's business.
  if (lock.scope === 'order') {
    await queueProofLockAlert(ctx.runtime, ctx.tenantId, { orderNo, failures: lock.failures, lockedUntil: details.lockedUntil, conversationId: ctx.conversation.id });
  }
}
