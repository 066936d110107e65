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
  /** Platform messages the reply goes out as (its rendered parts); each takes a slot of the quota. */
  messages?: number;
}

/**
 * The reply window and the per-shopper-message quota of one account (its effective `SendWindow`),
 * checked for one reply. The quota is counted in the shared cache as numbered slots per shopper
 * message, each taken with SET NX, so two processes sending replies to the same message at once
 * cannot both take the last one (a database count could not promise that without a lock).
 * A reply takes one slot per platform message it is rendered to (one, unless the channel declares
 * rich forms such as menus beside its text), as the platform counts them.
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
  const slot = await claimQuotaSlots(cache, `reply-quota:${reply.channelAccountId}:${last.id}`, window.quota, reply.replyId, reply.messages ?? 1, ttlSeconds);
  if (slot) return { allowed: true, slot };
  const replies = window.quota === 1 ? 'reply' : 'replies';
  return { allowed: false, reason: `${PLATFORM_NAMES[reply.platform]} allows ${window.quota} ${replies} per shopper message` };
}

/**
 * `count` slots of `quota`: free ones, or ones this reply already holds (a retry after a crash). Null
 * when fewer are left, after giving back what was taken, since a reply goes out whole or not at all.
 */
async function claimQuotaSlots(cache: ChannelCache, prefix: string, quota: number, replyId: string, count: number, ttlSeconds: number): Promise<QuotaSlot | null> {
  const held: string[] = [];
  for (let n = 1; n <= quota && held.length < count; n += 1) {
    const key = `${prefix}:${n}`;
    if ((await cache.setIfAbsent(key, replyId, ttlSeconds)) || (await cache.get(key)) === replyId) held.push(key);
  }
  const release = async () => {
    for (const key of held) await cache.delete(key);
  };
  if (held.length === count) return { release };
  await release();
  return null;
}
