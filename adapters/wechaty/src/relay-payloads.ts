import { z } from 'zod';

/** Gateway → core: one message a WeChat contact sent the VIP account. */
export const relayedMessageSchema = z.object({
  messageId: z.string().min(1).max(191),
  /** The puppet's contact id: stable on pad/iPad puppets (wxid_…), NOT on the web protocol (platforms.md §7). */
  contactId: z.string().min(1).max(191),
  contactName: z.string().max(100).optional(),
  kind: z.enum(['text', 'image', 'event']),
  text: z.string().max(4000),
  sentAt: z.string(),
});
export type RelayedMessage = z.infer<typeof relayedMessageSchema>;

/** Core → gateway: say this to that contact. `messageId` makes a retried send a no-op. */
export const relaySendSchema = z.object({
  messageId: z.string().min(1),
  contactId: z.string().min(1),
  text: z.string().min(1).max(4000),
});
export type RelaySend = z.infer<typeof relaySendSchema>;

export type RelaySendResult = { ok: true; platformMessageId?: string } | { ok: false; reason: string; retryable: boolean };
