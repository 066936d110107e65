import { inboundMessageSchema, isProtocolError, type ChannelProtocol, type InboundMessage, type OutboundMessage, type ParsedWebhook, type WebhookRequest, type WebhookResponse } from '@kefu/shared';
import type { Message } from '../conversations/models';
import { acceptInbound } from '../pipeline/accept-inbound';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { decryptChannelConfig } from './channel-account-config';
import { findChannelProtocol } from './channel-protocols';
import type { ChannelServices } from './channel-services';
import type { ChannelAccount } from './models';
import { awaitPassiveReply, passiveWaitKey } from './passive-reply';
import { platformEventHandlers } from './platform-event-handlers';

/** How long a platform event id is remembered for de-duplication (platforms retry within minutes). */
const EVENT_DEDUPE_SECONDS = 24 * 3600;

const text = (status: number, body: string): WebhookResponse => ({ status, contentType: 'text/plain; charset=utf-8', body });

/**
 * One platform delivery, platform-neutral: handshake → verify → parse → accept each message (the
 * store's unique key drops duplicates) → platform events (de-duplicated through the shared cache)
 * → acknowledge, or answer with the pipeline's reply when the platform takes one in the response.
 */
export async function handleWebhook(deps: PipelineDeps, services: ChannelServices, platform: string, channelAccountId: number, request: WebhookRequest): Promise<WebhookResponse> {
  const protocol = findChannelProtocol(platform);
  // The URL names only the account; the tenant comes from it (the channel core's one cross-tenant read, cached).
  const found = protocol ? await services.rows.channelAccounts.get(channelAccountId) : null;
  const account = found && found.platform === platform ? found : null;
  if (!protocol || !account) return text(404, `no ${platform} channel account ${channelAccountId}`);
  const config = decryptChannelConfig(deps.runtime.cipher, protocol, account);

  const handshake = protocol.handshake?.(request, config);
  if (handshake) return handshake;
  if (request.method !== 'POST') return text(400, 'not a valid handshake request');

  const verified = protocol.verify(request, config);
  if (!verified.ok) {
    deps.runtime.metrics.pipelineSteps.inc({ step: 'webhook', outcome: `rejected_${verified.status}` });
    return text(verified.status, verified.reason);
  }
  let parsed: ParsedWebhook;
  try {
    parsed = protocol.parse(request, config, String(account.id));
  } catch (error) {
    if (isProtocolError(error)) return text(400, error.message);
    throw error;
  }
  return processParsed(deps, services, protocol, account, config, parsed);
}

async function processParsed(deps: PipelineDeps, services: ChannelServices, protocol: ChannelProtocol<unknown>, account: ChannelAccount, config: unknown, parsed: ParsedWebhook): Promise<WebhookResponse> {
  const tenantId = account.tenantId;
  const accept = (inbound: InboundMessage) => acceptForAccount(deps, account, inbound);
  const awaitingPassive: { message: Message; inbound: InboundMessage }[] = [];
  for (const inbound of parsed.messages) {
    // Announce the possible passive reply before the message is queued, so a fast worker holds its send.
    if (parsed.passiveReply) await services.cache.set(passiveWaitKey(account.id, inbound.platformMessageId), '1', parsed.passiveReply.deadlineMs / 1000 + 2);
    const { message, duplicate } = await accept(inbound);
    if (parsed.passiveReply && duplicate) await services.cache.delete(passiveWaitKey(account.id, inbound.platformMessageId));
    else if (!duplicate) awaitingPassive.push({ message, inbound });
  }

  let response: WebhookResponse | undefined;
  const handler = platformEventHandlers[protocol.platform];
  for (const event of parsed.events) {
    // setIfAbsent is the cross-process "first delivery wins": a retried or doubled delivery stops here.
    const seenKey = `webhook-event:${account.id}:${event.eventId}`;
    if (!(await services.cache.setIfAbsent(seenKey, '1', EVENT_DEDUPE_SECONDS))) continue;
    if (!handler) continue;
    try {
      const handled = await handler(event, { tenantId, account, config, cache: services.cache, fetch: services.fetch, now: services.now, accept });
      if (handled) response = handled;
    } catch (error) {
      // Forget the event so the platform's retry is handled rather than dropped as a duplicate.
      await services.cache.delete(seenKey);
      throw error;
    }
  }
  deps.runtime.metrics.pipelineSteps.inc({ step: 'webhook', outcome: 'ok' });
  if (response) return response;

  const passive = parsed.passiveReply;
  const first = awaitingPassive[0];
  if (!passive || !first) return parsed.ack;
  try {
    const { reply, via } = await awaitPassiveReply(services, first.message, passive.deadlineMs);
    // fallback_check counts the replies a lost wake-up would have cost their passive window.
    deps.runtime.metrics.pipelineSteps.inc({ step: 'passive_wait', outcome: via });
    if (!reply) return parsed.ack;
    await deps.runtime.events.emit({ tenantId, type: 'message.delivered', conversationId: reply.conversationId, messageId: reply.id, payload: { platform: protocol.platform, passive: true } });
    deps.runtime.metrics.deliveries.inc({ platform: protocol.platform, status: 'sent' });
    return passive.render(toOutbound(reply, first.inbound.externalUserId));
  } finally {
    // The webhook has decided: sends held for it (protocol-outbound) may go now. A lost wake-up
    // only costs such a send its fallback check, so it must not fail this response.
    await Promise.all(
      awaitingPassive.map(async ({ inbound }) => {
        const key = passiveWaitKey(account.id, inbound.platformMessageId);
        await services.cache.delete(key);
        await services.wakeUps.notify(key).catch((error: unknown) => deps.runtime.logger.warn({ err: error }, 'passive-decision wake-up failed'));
      }),
    );
  }
}

async function acceptForAccount(deps: PipelineDeps, account: ChannelAccount, inbound: InboundMessage) {
  // The adapter fills the account id from the URL; never trust it to name another account.
  const checked = inboundMessageSchema.parse({ ...inbound, channelAccountId: String(account.id), platform: account.platform });
  return acceptInbound(deps, account.tenantId, checked);
}

function toOutbound(reply: Message, externalUserId: string): OutboundMessage {
  return {
    messageId: String(reply.id),
    conversationId: String(reply.conversationId),
    channelAccountId: String(reply.channelAccountId),
    externalUserId,
    role: reply.role,
    text: reply.text,
    cards: reply.cards,
  };
}
