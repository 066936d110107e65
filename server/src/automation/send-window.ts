import type { Platform } from '@kefu/shared';

export interface SendWindow {
  /** How long after the shopper's last message the platform lets us write to them. */
  hours: number;
  /** Messages allowed in that window (WeChat: 5 within 48 h of a user message). */
  quota: number;
}

/**
 * Platforms' customer-service windows (shared/spec/platforms.md): WeChat OA/MP, WeCom KF, Douyin
 * and Weibo allow writing within 48 h of the shopper's last message, WeChat/WeCom/Douyin five
 * times. Xiaohongshu's window is unconfirmed, so the strictest known one applies. The web widget,
 * Lark and a personal WeChat account (Wechaty) have no platform window.
 */
const WINDOWS: Partial<Record<Platform, SendWindow>> = {
  wechat: { hours: 48, quota: 5 },
  'wecom-kf': { hours: 48, quota: 5 },
  douyin: { hours: 48, quota: 5 },
  weibo: { hours: 48, quota: Number.POSITIVE_INFINITY },
  xiaohongshu: { hours: 24, quota: 5 },
};

export function sendWindowOf(platform: string): SendWindow | null {
  return WINDOWS[platform as Platform] ?? null;
}

export type WindowVerdict = { open: true } | { open: false; reason: 'outside_window' | 'quota_used' };

/** Whether the platform still lets us write: inside the window since the shopper's last message, quota left. */
export function checkSendWindow(platform: string, lastShopperMessageAt: Date | null, sentSinceThen: number, now: Date): WindowVerdict {
  const window = sendWindowOf(platform);
  if (!window) return { open: true };
  if (!lastShopperMessageAt || now.getTime() - lastShopperMessageAt.getTime() >= window.hours * 3_600_000) return { open: false, reason: 'outside_window' };
  if (sentSinceThen >= window.quota) return { open: false, reason: 'quota_used' };
  return { open: true };
}
