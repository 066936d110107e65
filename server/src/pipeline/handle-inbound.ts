import type { InboundJob, JobContext } from '../jobs';
import type { ConversationContext } from '../conversations/models';
import { readDialogContext } from '../nlu/engine/dialog-context';
import { expectConfirmation } from '../nlu/engine/nlu-engine';
import { knowledgeRetrieverFor } from '../knowledge/answer/knowledge-for-runtime';
import { notifyAgentDesk } from '../agents/desk-jobs';
import { announceInboundSettled } from '../channels/passive-reply';
import { answerImplicitNeeds } from '../nlu/answer-needs';
import { takeBackHandoff } from '../conversations/take-back-handoff';
import { composeReply } from './compose-reply';
import type { PipelineDeps } from './pipeline-deps';
import { storeTurn } from './store-turn';
import { addTurnEvent, findShopperMessage, loadTurn, type Turn } from './turn';

/**
 * The worker side of one shopper message: load the turn once (message, conversation, tenant,
 * account, identity, customer), understand, decide and act, then store the reply, the message's
 * status, the conversation and the turn's events in one transaction and queue the reply for
 * delivery. Re-running the job is safe: an answered message is skipped, and a run that failed
 * before its transaction committed left nothing behind.
 */
export async function handleInbound(deps: PipelineDeps, job: InboundJob, ctx: JobContext): Promise<void> {
  const { runtime } = deps;
  const found = await findShopperMessage(Number(job.tenantId), Number(job.messageId));
  if (!found) return;
  const { message } = found;
  // Wakes a webhook holding its response for a passive reply to this message. Best effort: the
  // webhook also checks for itself now and then, so a failed wake-up must not fail the message.
  const settled = () =>
    deps.channels ? announceInboundSettled(deps.channels, message).catch((error: unknown) => runtime.logger.warn({ err: error }, 'passive-reply wake-up failed')) : undefined;

  let turn: Turn | undefined;
  try {
    turn = await loadTurn(deps, found);
    addTurnEvent(turn, 'message.received', { platform: turn.account.platform });
    addTurnEvent(turn, 'customer.resolved', { customerId: turn.customerId, via: turn.customerVia });
    // Costs two reads only when the shopper writes to a waiting handoff in words that withdraw it.
    if (await takeBackHandoff(turn.conversation, message.text)) addTurnEvent(turn, 'conversation.handoff_withdrawn');
    if (turn.conversation.status === 'handoff') {
      // A person has the conversation: the bot stays quiet and the agent sees the message in the inbox.
      addTurnEvent(turn, 'message.routed_to_agent');
      await storeTurn(deps, turn, { status: 'answered', message: { intent: null }, conversation: {} });
      await settled();
      await notifyAgentDesk(deps, 'shopper_message', turn.conversation, message);
      return;
    }
    await answerTurn(deps, turn, settled);
    runtime.metrics.pipelineSteps.inc({ step: 'inbound', outcome: 'ok' });
  } catch (error) {
    runtime.metrics.pipelineSteps.inc({ step: 'inbound', outcome: 'error' });
    if (ctx.attempt >= runtime.config.JOB_ATTEMPTS) {
      // Last attempt: the message ends visibly failed instead of silently unanswered.
      const reason = String((error as Error).message).slice(0, 500);
      if (turn) {
        addTurnEvent(turn, 'message.failed', { reason: (error as Error).message });
        await storeTurn(deps, turn, { status: 'failed', message: { failureReason: reason }, conversation: {} });
      } else {
        await message.update({ status: 'failed', failureReason: reason });
      }
      await settled();
    }
    throw error;
  }
}

async function answerTurn(deps: PipelineDeps, turn: Turn, settled: () => Promise<void> | undefined): Promise<void> {
  const { runtime } = deps;
  const { message, conversation, account, identity, tenant } = turn;
  // Typing is a courtesy: a platform that cannot show it must not fail the message.
  await deps.adapters
    .find(account.platform)
    ?.typing?.({ channelAccountId: String(account.id), externalUserId: identity.externalId }, true)
    .catch((error: unknown) => runtime.logger.debug({ err: error }, 'typing indicator failed'));

  const understanding = await deps.understander.understand(message.text, conversation.context, { id: tenant.id, orderNumberPattern: tenant.orderNumberPattern });
  addTurnEvent(turn, 'message.understood', { intent: understanding.intent, confidence: understanding.confidence, slots: Object.keys(understanding.slots), sentiment: understanding.sentiment ?? null, needs: understanding.needs ?? [] });

  const composed = await composeReply({
    tenantId: tenant.id,
    customerId: turn.customerId,
    customerVerified: turn.customerVerified,
    conversation,
    text: message.text,
    understanding,
    knowledge: await knowledgeRetrieverFor(runtime),
    runtime,
    messageId: message.id,
  });
  // Implicit needs (urgency, bargain hunting, churn risk) add offers to whatever reply was chosen.
  const reply = answerImplicitNeeds(composed, understanding.needs, understanding.intent);
  addTurnEvent(turn, 'reply.composed', { action: reply.action, knowledgeSlug: reply.knowledgeSlug ?? null });
  if (reply.handoff) addTurnEvent(turn, 'conversation.handoff', { reason: understanding.intent });

  const stored = await storeTurn(deps, turn, {
    status: 'answered',
    message: {
      intent: understanding.intent,
      nlu: { confidence: understanding.confidence, slots: understanding.slots, carried: understanding.carried ?? [], sentiment: understanding.sentiment ?? null, needs: understanding.needs ?? [], normalized: understanding.normalized ?? null },
    },
    conversation: {
      status: reply.handoff ? 'handoff' : conversation.status,
      context: withQuestion({ ...(understanding.context ?? conversation.context), lastIntent: understanding.intent }, reply.asks),
    },
    reply: { role: 'bot', text: reply.text, cards: reply.cards, intent: understanding.intent, knowledge: reply.knowledge },
  });
  if (reply.handoff) await notifyAgentDesk(deps, 'handoff', conversation, message);
  await settled();
  if (stored) {
    await runtime.queues.outbound.add(
      { messageId: String(stored.id), tenantId: String(tenant.id), externalUserId: identity.externalId },
      { jobId: `out:${stored.id}` },
    );
  }
}

/** When the reply asks a yes/no question, the next turn's 是的 / 不用了 must answer it. */
function withQuestion(context: ConversationContext, asks: string | undefined): ConversationContext {
  if (!asks) return context;
  return { ...context, dialog: expectConfirmation(readDialogContext(context.dialog), asks) };
}
