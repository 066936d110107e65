import { renderOutbound, type ChannelAdapter, type ChannelProtocol, type DeliveryResult, type OutboundMessage, type ProtocolDeliveryResult, type RenderedOutbound, type SendContext } from '@kefu/shared';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { sendWindowFor } from './send-window';
import { findLatestShopperMessage } from '../conversations/conversation-service';
import { Message } from '../conversations/models';
import { CROSS_TENANT } from '../db/tenant-guard';
import type { Runtime } from '../runtime';
import { decryptChannelConfig } from './channel-account-config';
import type { ChannelServices } from './channel-services';
import { ChannelAccount } from './models';
import { deliveryClaimKey, FALLBACK_CHECK_MS, passiveWaitKey } from './passive-reply';
import { checkReplyLimits } from './reply-limits';

/** The longest a send waits for a free slot of the account's rate before giving the job back to the queue. */
const MAX_RATE_WAIT_MS = 5_000;
/** A webhook holds a reply at most ~5 s (WeChat's window); the send waits a little longer for it to decide. */
const MAX_PASSIVE_WAIT_MS = 7_000;

/**
 * The base outbound flow every protocol platform shares, as the ChannelAdapter the pipeline's
 * deliverOutbound calls: the reply window and per-shopper-message quota (the platform's sendingRules
 * with the account's own limits over them, as proactive sends see them; the platform's fallback when
 * they refuse), the per-account send rate, the hand-over with a webhook that may answer passively,
 * then the protocol's own `send`.
 * Retrying is the queue's job (with backoff); a result with `retryable: false` is never retried.
 */
export class ProtocolChannelAdapter implements ChannelAdapter {
  readonly platform: ChannelProtocol<unknown>['platform'];
  private readonly limiter?: RateLimiterAbstract;

  constructor(
    private readonly protocol: ChannelProtocol<unknown>,
    private readonly runtime: Runtime,
    private readonly services: ChannelServices,
  ) {
    this.platform = protocol.platform;
    const perSecond = protocol.sendingRules.maxSendsPerSecond;
    if (perSecond) {
      const options = { points: perSecond, duration: 1, keyPrefix: `${runtime.config.REDIS_PREFIX}:send-rate:${protocol.platform}` };
      this.limiter = runtime.redis ? new RateLimiterRedis({ storeClient: runtime.redis, ...options }) : new RateLimiterMemory(options);
    }
  }

  async send(message: OutboundMessage): Promise<DeliveryResult> {
    // The account id comes from our own conversation row; the account names its tenant.
    const account = await ChannelAccount.findOne({ where: { id: Number(message.channelAccountId) }, ...CROSS_TENANT });
    if (!account || account.platform !== this.platform) return { status: 'failed', reason: `channel account ${message.channelAccountId} not found`, retryable: false };
    const reply = await Message.findOne({ where: { tenantId: account.tenantId, id: Number(message.messageId) } });

    const replyTarget = await this.replyTarget(account, reply, message);
    if (replyTarget) message = { ...message, replyToPlatformMessageId: replyTarget };
    if (reply && !(await this.claim(reply.id))) return { status: 'sent', alreadyRecorded: true };

    const context: SendContext<unknown> = {
      config: decryptChannelConfig(this.runtime.cipher, this.protocol, account),
      cache: this.services.cache,
      fetch: this.services.fetch,
      now: this.services.now,
    };
    // The cards take the best form this channel declares (renderReply); the protocol sends those parts.
    const rendered = renderOutbound(message, this.protocol.sendCapabilities);
    const window = sendWindowFor(this.protocol.sendingRules, context.config);
    const toCheck = { tenantId: account.tenantId, channelAccountId: account.id, conversationId: Number(message.conversationId), replyId: message.messageId, platform: this.platform, messages: rendered.parts.length };
    const limits = window ? await checkReplyLimits(this.services.cache, window, toCheck, this.services.now()) : { allowed: true as const, slot: null };
    if (!limits.allowed) {
      // The fallback (WeChat's subscribe/template message) does not count against the window or the quota.
      const fallback = await this.protocol.sendOutsideWindow?.(rendered, context);
      if (fallback) return toDeliveryResult(fallback);
      return { status: 'failed', reason: limits.reason, retryable: false };
    }
    const result = await this.sendWithinRate(account.id, rendered, context);
    // The platform counts only the messages it took: a refused or failed send gives its quota slot back.
    if (result.status === 'failed') await limits.slot?.release();
    return result;
  }

  private async sendWithinRate(accountId: number, message: RenderedOutbound, context: SendContext<unknown>): Promise<DeliveryResult> {
    const rateProblem = await this.takeRateSlot(accountId);
    if (rateProblem) return rateProblem;
    try {
      return toDeliveryResult(await this.protocol.send(message, context));
    } catch (error) {
      // A network failure or a platform 5xx: worth another try later.
      return { status: 'failed', reason: `send error: ${(error as Error).message}`, retryable: true };
    }
  }

  /**
   * The platform id of the shopper message this send answers. Platforms such as Douyin address a reply
   * to one: a bot reply answers the message it was written for; a reply answering none (an agent's,
   * from the console or the Lark desk) answers the shopper's latest message, since the platform's rule
   * is about the shopper's messages. Resolved here so no caller has to know which platforms need it.
   */
  private async replyTarget(account: ChannelAccount, reply: Message | null, message: OutboundMessage): Promise<string | undefined> {
    if (reply?.replyToId) {
      const inbound = await this.waitForPassiveDecision(account, reply.replyToId);
      if (inbound) return inbound.platformMessageId;
    }
    if (message.replyToPlatformMessageId || !this.protocol.sendingRules.repliesNameShopperMessage) return undefined;
    const latest = await findLatestShopperMessage(account.tenantId, reply?.conversationId ?? Number(message.conversationId));
    return latest?.platformMessageId;
  }

  /** While the webhook that received the shopper's message may still answer it in its response, hold the send. */
  private async waitForPassiveDecision(account: ChannelAccount, inboundId: number): Promise<Message | null> {
    const inbound = await Message.findOne({ where: { tenantId: account.tenantId, id: inboundId }, attributes: ['id', 'platformMessageId'] });
    if (!inbound) return null;
    const key = passiveWaitKey(account.id, inbound.platformMessageId);
    // The webhook wakes this wait when it has decided; the fallback checks cover a lost wake-up.
    const decided = async () => ((await this.services.cache.get(key)) === null ? true : undefined);
    await this.services.wakeUps.waitFor(key, decided, { deadlineMs: MAX_PASSIVE_WAIT_MS, fallbackMs: FALLBACK_CHECK_MS });
    return inbound;
  }

  /** The outbound side of the claim shared with passive replies; a retry of our own earlier claim passes. */
  private async claim(replyId: number): Promise<boolean> {
    const key = deliveryClaimKey(replyId);
    if (await this.services.cache.setIfAbsent(key, 'outbound', 3600)) return true;
    return (await this.services.cache.get(key)) === 'outbound';
  }

  private async takeRateSlot(accountId: number): Promise<DeliveryResult | null> {
    if (!this.limiter) return null;
    const giveUpAt = Date.now() + MAX_RATE_WAIT_MS;
    for (;;) {
      try {
        await this.limiter.consume(String(accountId));
        return null;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        if (Date.now() + rejection.msBeforeNext > giveUpAt) return { status: 'failed', reason: 'account send rate exceeded', retryable: true };
        await new Promise((resolve) => setTimeout(resolve, rejection.msBeforeNext));
      }
    }
  }
}

function toDeliveryResult(result: ProtocolDeliveryResult): DeliveryResult {
  if (result.status === 'sent') return result;
  const reason = result.code ? `${result.code}: ${result.reason}` : result.reason;
  return { status: 'failed', reason, retryable: result.retryable };
}
