import type { Runtime } from '../runtime';
import { Message } from '../conversations/models';
import { retryOnConflict } from '../db/retry-on-conflict';
import { createTaskOnce } from './agent-tasks';
import { COUPON_VALID_DAYS, issueProactiveCoupon } from './issue-coupon';
import { couponCodeFor, couponSpendThisMonth, sentOfKindSince } from './coupon-budget';
import { ProactiveSend } from './models';
import type { DeferredReason, ProactiveOutcome, ProactiveTrigger } from './proactive-trigger';
import { isQuietTime } from './quiet-hours';
import type { ShopperReach } from './reach-shopper';
import { ShopperLookups } from './shopper-lookups';
import { checkSendWindow } from '../channels/send-window';
import type { AutomationSettings } from './settings-schema';

type SenderRuntime = Pick<Runtime, 'audit' | 'events' | 'queues' | 'logger' | 'cipher'>;

/**
 * Sends one proactive message if every gate allows it, through the normal outbound pipeline: a bot
 * message stored in the shopper's latest conversation, then an outbound job. The trigger's row in
 * proactive_sends makes it fire once; a gate that says "not now" leaves it deferred, and the next
 * scan tries again. Re-running after a crash resumes: the message's platform id and the outbound
 * job id are derived from the trigger key, so nothing is sent twice.
 */
export async function sendProactive(
  runtime: SenderRuntime,
  tenantId: number,
  settings: AutomationSettings,
  trigger: ProactiveTrigger,
  now: Date,
  lookups = new ShopperLookups(tenantId, runtime.audit, runtime.cipher),
): Promise<ProactiveOutcome> {
  const existing = await ProactiveSend.findOne({ where: { tenantId, triggerKey: trigger.key } });
  if (existing?.status === 'sent') return { status: 'duplicate' };

  const reach = await lookups.reach(trigger.customerId);
  if (trigger.task) await openTask(runtime, tenantId, trigger, reach);

  const gate = await firstClosedGate(lookups, tenantId, settings, trigger, reach, now);
  if (gate) {
    await defer(runtime, tenantId, trigger, existing, gate);
    return { status: 'deferred', reason: gate };
  }
  const conversation = (reach as ShopperReach).conversation;

  let couponCents = 0;
  if (trigger.coupon && trigger.coupon.cents > 0) {
    // A resumed send keeps the coupon it already claimed instead of being charged twice.
    const alreadyClaimed = existing?.status === 'sending' ? existing.couponCents : 0;
    const spent = (await couponSpendThisMonth(tenantId, trigger.kind, now, settings.timeZone)) - alreadyClaimed;
    if (spent + trigger.coupon.cents <= trigger.coupon.monthlyBudgetCents) couponCents = trigger.coupon.cents;
    else if (trigger.coupon.required) {
      await defer(runtime, tenantId, trigger, existing, 'budget_exhausted');
      return { status: 'deferred', reason: 'budget_exhausted' };
    }
  }
  const couponCode = couponCents > 0 ? couponCodeFor(tenantId, trigger.key) : null;

  const claim = await claimSend(tenantId, trigger, { conversationId: conversation.id, couponCents, couponCode, now });
  if (claim.status === 'sent') return { status: 'duplicate' };

  // The claim row is the truth (a resumed send keeps the coupon it claimed first). The coupon is
  // issued before the message that announces it; a failure here leaves the claim to be resumed.
  if (claim.couponCode) await issueProactiveCoupon(runtime, tenantId, { customerId: trigger.customerId, kind: trigger.kind, code: claim.couponCode, cents: claim.couponCents });
  const text = claim.couponCode ? `${trigger.text}\n优惠券：${(claim.couponCents / 100).toFixed(2)}元，券码 ${claim.couponCode}（${COUPON_VALID_DAYS}天内有效）。` : trigger.text;
  const message = await retryOnConflict(async () => {
    const platformMessageId = `proactive:${trigger.key}`;
    const stored = await Message.findOne({ where: { tenantId, channelAccountId: conversation.channelAccountId, platformMessageId } });
    return (
      stored ??
      Message.create({
        tenantId,
        conversationId: conversation.id,
        channelAccountId: conversation.channelAccountId,
        platformMessageId,
        role: 'bot',
        kind: 'text',
        text,
        cards: trigger.cards,
        status: 'pending',
        intent: `proactive.${trigger.kind}`,
      })
    );
  });
  await claim.update({ status: 'sent', messageId: message.id, deferredReason: null });
  lookups.sentTo(trigger.customerId);
  await runtime.queues.outbound.add({ messageId: String(message.id), tenantId: String(tenantId) }, { jobId: `out:${message.id}` });
  couponCents = claim.couponCents;
  await runtime.audit.record({
    tenantId,
    actorType: 'system',
    actorId: 'automation',
    action: 'proactive.sent',
    targetType: 'customer',
    targetId: trigger.customerId,
    details: { triggerKey: trigger.key, kind: trigger.kind, orderId: trigger.orderId, messageId: message.id, couponCents },
  });
  await runtime.events.emit({
    tenantId,
    type: 'proactive.sent',
    conversationId: conversation.id,
    messageId: message.id,
    payload: { kind: trigger.kind, triggerKey: trigger.key, orderId: trigger.orderId, couponCents },
  });
  return { status: 'sent', messageId: message.id };
}

async function firstClosedGate(
  lookups: ShopperLookups,
  tenantId: number,
  settings: AutomationSettings,
  trigger: ProactiveTrigger,
  reach: ShopperReach | null,
  now: Date,
): Promise<DeferredReason | null> {
  if (await lookups.optedOut(trigger.customerId)) return 'opted_out';
  if (!reach) return 'no_channel';
  const window = checkSendWindow(reach.window, reach.lastShopperMessageAt, reach.sentSinceShopper, now);
  if (!window.open) return window.reason;
  if (isQuietTime(now, settings.quietHours, settings.timeZone)) return 'quiet_hours';
  if (trigger.cap) {
    const since = new Date(now.getTime() - trigger.cap.days * 86_400_000);
    if ((await sentOfKindSince(tenantId, trigger.customerId, trigger.kind, since)) >= trigger.cap.max) return 'cap_reached';
  }
  return null;
}

/** Records why the trigger waits; the analytics event is emitted only when the reason changes, not on every scan. */
async function defer(runtime: SenderRuntime, tenantId: number, trigger: ProactiveTrigger, existing: ProactiveSend | null, reason: DeferredReason): Promise<void> {
  if (existing?.status === 'sending') return; // claimed earlier: the next scan resumes it once the gate opens
  if (existing?.status === 'deferred' && existing.deferredReason === reason) return;
  await retryOnConflict(async () => {
    const row = existing ?? (await ProactiveSend.findOne({ where: { tenantId, triggerKey: trigger.key } }));
    if (row) await row.update({ status: 'deferred', deferredReason: reason });
    else await ProactiveSend.create({ ...rowBase(tenantId, trigger), status: 'deferred', deferredReason: reason });
  });
  await runtime.events.emit({ tenantId, type: 'proactive.deferred', payload: { kind: trigger.kind, triggerKey: trigger.key, reason } });
}

/** Moves the trigger's row to `sending` (creating it if needed); a concurrent winner that already sent is returned as is. */
async function claimSend(
  tenantId: number,
  trigger: ProactiveTrigger,
  claim: { conversationId: number; couponCents: number; couponCode: string | null; now: Date },
): Promise<ProactiveSend> {
  return retryOnConflict(async () => {
    const row = await ProactiveSend.findOne({ where: { tenantId, triggerKey: trigger.key } });
    const values = { status: 'sending' as const, deferredReason: null, conversationId: claim.conversationId, couponCents: claim.couponCents, couponCode: claim.couponCode, sentAt: claim.now };
    if (!row) return ProactiveSend.create({ ...rowBase(tenantId, trigger), ...values });
    if (row.status === 'sent') return row;
    // A resumed claim keeps its original conversation and coupon so the message id stays stable.
    if (row.status === 'sending') return row;
    return row.update(values);
  });
}

function rowBase(tenantId: number, trigger: ProactiveTrigger) {
  return {
    tenantId,
    triggerKey: trigger.key,
    kind: trigger.kind,
    customerId: trigger.customerId,
    orderId: trigger.orderId,
    conversationId: null,
    messageId: null,
    couponCode: null,
    sentAt: null,
  };
}

async function openTask(runtime: SenderRuntime, tenantId: number, trigger: ProactiveTrigger, reach: ShopperReach | null): Promise<void> {
  const { task, created } = await createTaskOnce({
    tenantId,
    triggerKey: trigger.key,
    kind: trigger.kind,
    customerId: trigger.customerId,
    orderId: trigger.orderId,
    conversationId: reach?.conversation.id ?? null,
    summary: trigger.task?.summary ?? '',
  });
  if (!created) return;
  await runtime.events.emit({ tenantId, type: 'automation.task_created', conversationId: reach?.conversation.id ?? null, payload: { taskId: task.id, kind: trigger.kind, orderId: trigger.orderId } });
}
