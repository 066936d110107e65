import type { InboundJob } from '../jobs';
import type { JobContext } from '../jobs';
import { findTenantById } from '../auth/tenant-service';
import { findConversation, findMessage, setMessageStatus, storeReply, updateConversation } from '../conversations/conversation-service';
import { resolveCustomer } from '../customers/resolve-customer';
import type { ConversationContext } from '../conversations/models';
import { readDialogContext } from '../nlu/engine/dialog-context';
import { expectConfirmation } from '../nlu/engine/nlu-engine';
import { knowledgeRetrieverFor } from '../knowledge/answer/knowledge-for-runtime';
import { recordKnowledgeAnswer } from '../knowledge/answer/record-knowledge-answer';
import { notifyAgentDesk } from '../agents/desk-jobs';
import { announceInboundSettled } from '../channels/passive-reply';
import { composeReply } from './compose-reply';
import { loadDeliveryTarget } from './delivery-target';
import type { PipelineDeps } from './pipeline-deps';
import { answerImplicitNeeds } from '../nlu/answer-needs';
import { takeBackHandoff } from '../conversations/take-back-handoff';

/**
 * The worker side of one shopper message: resolve the customer, understand, decide and act, store
 * the replies and queue them for delivery. Each step emits an event. Re-running the job is safe:
 * an answered message is skipped and replies are stored under deterministic ids.
 */
export async function handleInbound(deps: PipelineDeps, job: InboundJob, ctx: JobContext): Promise<void> {
  const { runtime } = deps;
  const tenantId = Number(job.tenantId);
  const message = await findMessage(tenantId, Number(job.messageId));
  if (!message || message.role !== 'shopper' || message.status === 'answered') return;
  const conversation = await findConversation(tenantId, message.conversationId);
  const tenant = await findTenantById(tenantId);
  if (!conversation || !tenant) throw new Error(`message ${message.id} has no conversation or tenant`);
  const emit = (type: string, payload: Record<string, unknown> = {}) =>
    runtime.events.emit({ tenantId, type, conversationId: conversation.id, messageId: message.id, payload });
  // Wakes a webhook holding its response for a passive reply to this message. Best effort: the
  // webhook also checks for itself now and then, so a failed wake-up must not fail the message.
  const settled = () =>
    deps.channels ? announceInboundSettled(deps.channels, message).catch((error: unknown) => runtime.logger.warn({ err: error }, 'passive-reply wake-up failed')) : undefined;

  try {
    await setMessageStatus(message, 'processing');
    const resolved = await resolveCustomer(runtime.db.sequelize, runtime.audit, { tenantId, channelIdentityId: conversation.channelIdentityId });
    if (conversation.customerId !== resolved.customer.id) await updateConversation(conversation, { customerId: resolved.customer.id });
    await emit('customer.resolved', { customerId: resolved.customer.id, via: resolved.via });

    if (await takeBackHandoff(conversation, message.text)) await emit('conversation.handoff_withdrawn');
    if (conversation.status === 'handoff') {
      // A person has the conversation: the bot stays quiet and the agent sees the message in the inbox.
      await setMessageStatus(message, 'answered', { intent: null });
      await settled();
      await emit('message.routed_to_agent');
      await notifyAgentDesk(deps, 'shopper_message', conversation, message);
      return;
    }

    const { account, identity } = await loadDeliveryTarget(conversation);
    // Typing is a courtesy: a platform that cannot show it must not fail the message.
    await deps.adapters
      .find(account.platform)
      ?.typing?.({ channelAccountId: String(account.id), externalUserId: identity.externalId }, true)
      .catch((error: unknown) => runtime.logger.debug({ err: error }, 'typing indicator failed'));

    const understanding = await deps.understander.understand(message.text, conversation.context, { id: tenant.id, orderNumberPattern: tenant.orderNumberPattern });
    await message.update({
      nlu: { confidence: understanding.confidence, slots: understanding.slots, carried: understanding.carried ?? [], sentiment: understanding.sentiment ?? null, needs: understanding.needs ?? [], normalized: understanding.normalized ?? null },
    });
    await emit('message.understood', { intent: understanding.intent, confidence: understanding.confidence, slots: Object.keys(understanding.slots), sentiment: understanding.sentiment ?? null, needs: understanding.needs ?? [] });

    const composed = await composeReply({
      tenantId,
      customerId: resolved.customer.id,
      customerVerified: resolved.verified || identity.verified,
      conversation,
      text: message.text,
      understanding,
      knowledge: await knowledgeRetrieverFor(runtime),
      runtime,
      messageId: message.id,
    });
    // Implicit needs (urgency, bargain hunting, churn risk) add offers to whatever reply was chosen.
    const reply = answerImplicitNeeds(composed, understanding.needs, understanding.intent);
    await emit('reply.composed', { action: reply.action, knowledgeSlug: reply.knowledgeSlug ?? null });

    const stored = await storeReply(message, 0, { role: 'bot', text: reply.text, cards: reply.cards, intent: understanding.intent });
    if (reply.knowledge) await recordKnowledgeAnswer(message, stored, reply.knowledge);
    await updateConversation(conversation, {
      status: reply.handoff ? 'handoff' : conversation.status,
      context: withQuestion({ ...(understanding.context ?? conversation.context), lastIntent: understanding.intent }, reply.asks),
    });
    if (reply.handoff) await emit('conversation.handoff', { reason: understanding.intent });
    if (reply.handoff) await notifyAgentDesk(deps, 'handoff', conversation, message);
    await setMessageStatus(message, 'answered', { intent: understanding.intent });
    await settled();
    await runtime.queues.outbound.add({ messageId: String(stored.id), tenantId: String(tenantId) }, { jobId: `out:${stored.id}` });
    runtime.metrics.pipelineSteps.inc({ step: 'inbound', outcome: 'ok' });
  } catch (error) {
    runtime.metrics.pipelineSteps.inc({ step: 'inbound', outcome: 'error' });
    if (ctx.attempt >= runtime.config.JOB_ATTEMPTS) {
      // Last attempt: the message ends visibly failed instead of silently unanswered.
      await setMessageStatus(message, 'failed', { failureReason: String((error as Error).message).slice(0, 500) });
      await settled();
      await emit('message.failed', { reason: (error as Error).message });
    }
    throw error;
  }
}

/** When the reply asks a yes/no question, the next turn's 是的 / 不用了 must answer it. */
function withQuestion(context: ConversationContext, asks: string | undefined): ConversationContext {
  if (!asks) return context;
  return { ...context, dialog: expectConfirmation(readDialogContext(context.dialog), asks) };
}
