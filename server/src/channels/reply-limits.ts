import type { Platform } from '@kefu/shared';
import { isOutsideWindow, type SendWindow } from './send-window';
import { Message } from '../conversations/models';
import type { ChannelCache } from './shared-cache';

/** How reasons name the platform whose rule refused a reply. */
const PLATFORM_NAMES: Record<Platform, string> = {
  web: 'The web widget',
  wechat: 'WeChat',
  'wecom-kf': 'WeCom customer service',
  douyin: 'Douyin',
  xiaohongshu: 'Xiaohongshu',
  weibo: 'Weibo',
  lark: 'Lark',
  wechaty: 'Personal WeChat',
};

/** A reply's place in its shopper message's quota, held until the platform has taken or refused the reply. */
export interface QuotaSlot {
  release(): Promise<void>;
}

export type ReplyLimitVerdict = { allowed: true; slot: QuotaSlot | null } | { allowed: false; reason: string };

export interface ReplyToCheck {
  tenantId: number;
  channelAccountId: number;
  conversationId: number;
  replyId: string;
  platform: Platform;
}

/**
 * The reply window and the per-shopper-message quota of one account (its effective `SendWindow`),
 * checked for one reply. The quota is counted in the shared cache as numbered slots per shopper
 * message, each taken with SET NX, so two processes sending replies to the same message at once
 * cannot both take the last one (a database count could not promise that without a lock).
 * Every protocol sends a reply as one platform message (cards are flattened into its text), so a
 * reply takes one slot, as the platform counts it.
 */
export async function checkReplyLimits(cache: ChannelCache, window: SendWindow, reply: ReplyToCheck, now: Date): Promise<ReplyLimitVerdict> {
  const last = await Message.findOne({
    where: { tenantId: reply.tenantId, conversationId: reply.conversationId, role: 'shopper' },
    order: [['id', 'DESC']],
    attributes: ['id', 'createdAt'],
  });
  if (!last || isOutsideWindow(window, last.createdAt, now)) return { allowed: false, reason: `outside the ${window.hours}-hour window since the shopper's last message` };
  if (!Number.isFinite(window.quota)) return { allowed: true, slot: null };
  // Slots outlive the window they count in, never more: after it the window check refuses anyway.
  const ttlSeconds = Math.ceil(window.hours * 3600);
  const slot = await claimQuotaSlot(cache, `reply-quota:${reply.channelAccountId}:${last.id}`, window.quota, reply.replyId, ttlSeconds);
  if (slot) return { allowed: true, slot };
  const replies = window.quota === 1 ? 'reply' : 'replies';
  return { allowed: false, reason: `${PLATFORM_NAMES[reply.platform]} allows ${window.quota} ${replies} per shopper message` };
}

/** The first free slot of `quota`, or the one this reply already holds (a retry after a crash); null when all are taken. */
async function claimQuotaSlot(cache: ChannelCache, prefix: string, quota: number, replyId: string, ttlSeconds: number): Promise<QuotaSlot | null> {
  for (let n = 1; n <= quota; n += 1) {
    const key = `${prefix}:${n}`;
    if ((await cache.setIfAbsent(key, replyId, ttlSeconds)) || (await cache.get(key)) === replyId) {
      return { release: () => cache.delete(key) };
    }
  }
  return null;
}
