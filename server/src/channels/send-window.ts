import type { SendingRules } from '@kefu/shared';
import { z } from 'zod';

export interface SendWindow {
  /** How long after the shopper's last message the platform lets us write to them. */
  hours: number;
  /** Messages allowed in that window (WeChat: 5 within 48 h of a user message). */
  quota: number;
}

/**
 * Limits a channel account's own config may set over its platform's: where a platform's limits are
 * unconfirmed (Douyin), the adapter makes them account settings rather than constants.
 */
const accountLimits = z.object({
  replyWindowHours: z.number().positive().optional(),
  repliesPerInbound: z.number().int().positive().optional(),
});

/**
 * The window a reply or a proactive message must fit on one account: the platform's `sendingRules` (the rules
 * the outbound flow applies to every reply, so a message we decide to send is one it will deliver),
 * overridden by the account's own `replyWindowHours` / `repliesPerInbound` when its config has them.
 * Null when the platform has no window (web widget, Lark, a personal WeChat via Wechaty).
 */
export function sendWindowFor(rules: SendingRules | undefined, accountConfig: unknown): SendWindow | null {
  const parsed = accountLimits.safeParse(accountConfig ?? {});
  const own = parsed.success ? parsed.data : {};
  const hours = own.replyWindowHours ?? rules?.replyWindowHours;
  if (hours === undefined) return null;
  return { hours, quota: own.repliesPerInbound ?? rules?.repliesPerInbound ?? Number.POSITIVE_INFINITY };
}

export type WindowVerdict = { open: true } | { open: false; reason: 'outside_window' | 'quota_used' };

/** Whether the window since the shopper's last message has closed (or never opened: they never wrote). */
export function isOutsideWindow(window: SendWindow, lastShopperMessageAt: Date | null, now: Date): boolean {
  return !lastShopperMessageAt || now.getTime() - lastShopperMessageAt.getTime() >= window.hours * 3_600_000;
}

/** Whether the platform still lets us write: inside the window since the shopper's last message, quota left. */
export function checkSendWindow(window: SendWindow | null, lastShopperMessageAt: Date | null, sentSinceThen: number, now: Date): WindowVerdict {
  if (!window) return { open: true };
  if (isOutsideWindow(window, lastShopperMessageAt, now)) return { open: false, reason: 'outside_window' };
  if (sentSinceThen >= window.quota) return { open: false, reason: 'quota_used' };
  return { open: true };
}
