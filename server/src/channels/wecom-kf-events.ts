import { syncKfMessages, type WecomKfConfig } from '@kefu/adapter-wecom-kf';
import type { PlatformEventHandler } from './platform-event-handler';

/**
 * WeCom kf callbacks only announce that messages wait: pull them with sync_msg (cursor in the shared
 * cache) and hand each customer message to the pipeline. The callback is deduplicated before this
 * runs, and each message again by its msgid at the store.
 */
export const handleWecomKfEvent: PlatformEventHandler = async (event, context) => {
  if (event.kind !== 'wecom-kf.kf_msg_or_event') return;
  const openKfId = typeof event.payload.OpenKfId === 'string' ? event.payload.OpenKfId : '';
  if (!openKfId) return;
  const token = typeof event.payload.Token === 'string' ? event.payload.Token : undefined;
  const ctx = { config: context.config as WecomKfConfig, cache: context.cache, fetch: context.fetch };
  const { messages } = await syncKfMessages(ctx, String(context.account.id), openKfId, token);
  for (const message of messages) await context.accept(message);
};
