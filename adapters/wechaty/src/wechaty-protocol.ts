import { ProtocolError, TEXT_ONLY, textOnlyPart, type ChannelProtocol, type InboundMessage, type RenderedOutbound, type ParsedWebhook, type ProtocolDeliveryResult, type SendContext, type WebhookRequest } from '@kefu/shared';
import { WECHATY_BINDING_EVENT, bindingCodeIn } from './binding-code';
import { relayedMessageSchema, type RelaySend, type RelaySendResult } from './relay-payloads';
import { checkRelaySignature, signedRelayHeaders } from './relay-signature';
import { wechatyConfigSchema, type WechatyConfig } from './wechaty-config';

const SEND_TIMEOUT_MS = 10_000;

/**
 * The WeChat personal account, as the core sees it: the gateway process posts each contact message
 * to the ordinary webhook route (signed), and the core sends replies to the gateway over HTTP. So
 * the Wechaty channel has the same verify → parse → enqueue path and the same outbound flow (rate
 * limit, retries, recorded delivery status) as every other platform.
 */
export const wechatyProtocol: ChannelProtocol<WechatyConfig> = {
  platform: 'wechaty',
  configSchema: wechatyConfigSchema,
  // Personal accounts get restricted when they send fast; one message a second is a cautious pace (not a documented quota).
  sendingRules: { maxSendsPerSecond: 1 },
  // The gateway relays text only (RelaySend); Wechaty itself could send files and link cards.
  sendCapabilities: TEXT_ONLY,

  verify(request, config) {
    const problem = checkRelaySignature(config.relaySecret, request.headers, request.rawBody, request.receivedAt.getTime(), config.maxClockSkewSeconds);
    return problem ? { ok: false, status: 401, reason: problem } : { ok: true };
  },

  parse(request: WebhookRequest, _config, channelAccountId): ParsedWebhook {
    let body: unknown;
    try {
      body = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw new ProtocolError('body is not valid JSON');
    }
    const parsed = relayedMessageSchema.safeParse(body);
    if (!parsed.success) throw new ProtocolError(`invalid relayed message: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    const relayed = parsed.data;
    const inbound: InboundMessage = {
      channelAccountId,
      platform: 'wechaty',
      platformMessageId: relayed.messageId,
      externalUserId: relayed.contactId,
      displayName: relayed.contactName,
      kind: relayed.kind,
      text: relayed.text,
      sentAt: relayed.sentAt,
    };
    const ack = { status: 200, contentType: 'application/json', body: '{"ok":true}' };
    const code = relayed.kind === 'text' ? bindingCodeIn(relayed.text) : null;
    // A binding code is not a question for the bot: the core's binding handler links and answers it.
    if (code) return { messages: [], events: [{ kind: WECHATY_BINDING_EVENT, eventId: relayed.messageId, payload: { code, inbound } }], ack };
    return { messages: [inbound], events: [], ack };
  },

  async send(message: RenderedOutbound, context: SendContext<WechatyConfig>): Promise<ProtocolDeliveryResult> {
    const request: RelaySend = { messageId: message.messageId, contactId: message.externalUserId, text: textOnlyPart(message.parts) };
    const body = JSON.stringify(request);
    let response: Response;
    try {
      response = await context.fetch(`${context.config.apiBaseUrl.replace(/\/$/, '')}/send`, {
        method: 'POST',
        headers: signedRelayHeaders(context.config.relaySecret, body, context.now().getTime()),
        body,
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
    } catch (error) {
      return { status: 'failed', reason: `wechaty gateway unreachable: ${(error as Error).message}`, retryable: true };
    }
    const result = (await response.json().catch(() => null)) as RelaySendResult | null;
    if (response.ok && result?.ok) return { status: 'sent', platformMessageId: result.platformMessageId };
    if (result && !result.ok) return { status: 'failed', reason: result.reason, retryable: result.retryable };
    return { status: 'failed', reason: `wechaty gateway answered HTTP ${response.status}`, retryable: response.status >= 500 };
  },
};
