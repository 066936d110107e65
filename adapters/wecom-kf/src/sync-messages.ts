import { describeZodIssues, type InboundMessage } from '@kefu/shared';
import { z } from 'zod';
import { callWecomApi, type WecomContext } from './access-token';

const present = z.string().min(1);

/** One item of sync_msg's msg_list (platforms.md §2), checked before anything reads it. */
const kfMessageSchema = z.looseObject({
  msgid: present,
  open_kfid: present,
  external_userid: z.string().optional(),
  send_time: z.number().int().nonnegative().optional(),
  /** 3: from the customer; 4: system event; 5: from a servicer (our own sends are not returned). */
  origin: z.number().int().optional(),
  msgtype: present,
  text: z.looseObject({ content: z.string().optional() }).optional(),
  image: z.looseObject({ media_id: z.string().optional() }).optional(),
  event: z.looseObject({ event_type: z.string().optional(), welcome_code: z.string().optional(), external_userid: z.string().optional(), open_kfid: z.string().optional() }).optional(),
});
type KfMessage = z.infer<typeof kfMessageSchema>;

const syncAnswerSchema = z.looseObject({
  errcode: z.number().int().optional(),
  errmsg: z.string().optional(),
  next_cursor: z.string().optional(),
  has_more: z.number().int().optional(),
  msg_list: z.array(z.unknown()).optional(),
});

const CURSOR_TTL_SECONDS = 30 * 24 * 3600;
/** Which kf account a customer last wrote to, so a reply goes out from the same one; the send window is 48 h anyway. */
const KF_OF_CUSTOMER_TTL_SECONDS = 7 * 24 * 3600;
const MAX_PAGES = 20;

export const cursorKey = (corpId: string, openKfId: string) => `wecom-kf:cursor:${corpId}:${openKfId}`;
export const kfOfCustomerKey = (corpId: string, externalUserId: string) => `wecom-kf:kf-of:${corpId}:${externalUserId}`;

export interface SyncResult {
  messages: InboundMessage[];
  welcomesSent: number;
  /** Items not of the documented shape: skipped (the cursor still moves past them), with why, for the log. */
  skipped: { msgid?: string; reason: string }[];
}

/** A page pulled with sync_msg: one malformed item is skipped rather than stopping every message after it. */
function readItems(list: unknown[], skipped: SyncResult['skipped']): KfMessage[] {
  const items: KfMessage[] = [];
  for (const raw of list) {
    const item = kfMessageSchema.safeParse(raw);
    if (item.success) items.push(item.data);
    else skipped.push({ msgid: typeof (raw as { msgid?: unknown } | null)?.msgid === 'string' ? (raw as { msgid: string }).msgid : undefined, reason: describeZodIssues(item.error) });
  }
  return items;
}

function toInbound(channelAccountId: string, message: KfMessage): InboundMessage | null {
  if (message.origin !== 3 || !message.external_userid) return null;
  const sentAt = new Date((message.send_time ?? Math.floor(Date.now() / 1000)) * 1000).toISOString();
  const base = { channelAccountId, platform: 'wecom-kf' as const, platformMessageId: message.msgid, externalUserId: message.external_userid, sentAt };
  if (message.msgtype === 'text') return { ...base, kind: 'text', text: message.text?.content ?? '' };
  if (message.msgtype === 'image') return { ...base, kind: 'image', text: '[图片]' };
  return { ...base, kind: 'text', text: `[${message.msgtype}]` };
}

/** Fills unionId (and the nickname) from customer/batchget; only customers active within 48 h are returned. */
async function linkUnionIds(ctx: WecomContext, messages: InboundMessage[]): Promise<void> {
  const ids = [...new Set(messages.map((m) => m.externalUserId))];
  for (let start = 0; start < ids.length; start += 100) {
    const answer = await callWecomApi(ctx, '/cgi-bin/kf/customer/batchget', { external_userid_list: ids.slice(start, start + 100), need_enter_session_context: 0 });
    const customers = (answer.customer_list ?? []) as { external_userid: string; nickname?: string; unionid?: string }[];
    for (const customer of customers) {
      for (const message of messages.filter((m) => m.externalUserId === customer.external_userid)) {
        if (customer.unionid) message.unionId = customer.unionid;
        if (customer.nickname) message.displayName = customer.nickname.slice(0, 100);
      }
    }
  }
}

/**
 * After a kf_msg_or_event callback: pull everything new for the kf account with sync_msg from the
 * stored cursor, page by page, under a lock so two processes never read the same page twice.
 * Customer messages come back as InboundMessage[] (deduplicated downstream by msgid);
 * enter_session events get the configured welcome message through send_msg_on_event.
 */
export async function syncKfMessages(ctx: WecomContext, channelAccountId: string, openKfId: string, callbackToken: string | undefined): Promise<SyncResult> {
  const key = cursorKey(ctx.config.corpId, openKfId);
  return ctx.cache.withLock(key, 30, async () => {
    const messages: InboundMessage[] = [];
    let welcomesSent = 0;
    const skipped: SyncResult['skipped'] = [];
    let cursor = (await ctx.cache.get(key)) ?? '';
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const parsed = syncAnswerSchema.safeParse(await callWecomApi(ctx, '/cgi-bin/kf/sync_msg', { cursor, token: callbackToken, limit: 1000, open_kfid: openKfId }));
      if (!parsed.success) throw new Error(`sync_msg answered an unexpected shape: ${describeZodIssues(parsed.error)}`);
      const answer = parsed.data;
      if (answer.errcode) throw new Error(`sync_msg failed: ${answer.errcode} ${answer.errmsg ?? ''}`);
      for (const item of readItems(answer.msg_list ?? [], skipped)) {
        const inbound = toInbound(channelAccountId, item);
        if (inbound) {
          messages.push(inbound);
          await ctx.cache.set(kfOfCustomerKey(ctx.config.corpId, inbound.externalUserId), item.open_kfid, KF_OF_CUSTOMER_TTL_SECONDS);
        }
        if (item.msgtype === 'event' && item.event?.event_type === 'enter_session' && item.event.welcome_code && ctx.config.welcomeMessage) {
          const sent = await callWecomApi(ctx, '/cgi-bin/kf/send_msg_on_event', { code: item.event.welcome_code, msgtype: 'text', text: { content: ctx.config.welcomeMessage } });
          if (!sent.errcode) welcomesSent += 1;
        }
      }
      if (answer.next_cursor) {
        cursor = answer.next_cursor;
        await ctx.cache.set(key, cursor, CURSOR_TTL_SECONDS);
      }
      if (!answer.has_more) break;
    }
    if (ctx.config.linkUnionId && messages.length > 0) await linkUnionIds(ctx, messages);
    return { messages, welcomesSent, skipped };
  });
}
