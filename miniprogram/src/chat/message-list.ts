import type { WebMessage } from '@kefu/shared/src/web-api';

/**
 * One line of the chat as the shopper sees it. A message the shopper typed appears at once as a
 * local entry (keyed by its client message id); the server's copy replaces it when it arrives, by
 * the POST answer or the WebSocket push or a catch-up list, whichever comes first.
 */
export interface ChatEntry {
  key: string;
  message: WebMessage;
  delivery: 'sending' | 'sent' | 'failed';
}

const localKey = (clientMessageId: string) => `local:${clientMessageId}`;
const serverKey = (id: string) => `id:${id}`;

/** The shopper's own message before the server has stored it. */
export function addPending(entries: ChatEntry[], clientMessageId: string, text: string, now: Date, imageUrl?: string): ChatEntry[] {
  if (entries.some((entry) => entry.message.clientMessageId === clientMessageId)) return entries;
  const message: WebMessage = { id: '', role: 'shopper', text, createdAt: now.toISOString(), clientMessageId, ...(imageUrl ? { imageUrl } : {}) };
  return [...entries, { key: localKey(clientMessageId), message, delivery: 'sending' }];
}

/** Removes a local entry that can never be sent (an image whose upload failed). */
export function dropPending(entries: ChatEntry[], clientMessageId: string): ChatEntry[] {
  return entries.filter((entry) => entry.key !== localKey(clientMessageId));
}

/** A send that did not reach the server stays visible, marked failed, until a retry succeeds. */
export function markFailed(entries: ChatEntry[], clientMessageId: string): ChatEntry[] {
  return entries.map((entry) => (entry.key === localKey(clientMessageId) ? { ...entry, delivery: 'failed' } : entry));
}

/**
 * Merges server messages into the list: a message id is shown once however often it arrives,
 * a server echo replaces the local entry with the same client message id, and the list is
 * ordered by server id (ids grow with arrival), with still-local entries last in typing order.
 */
export function mergeMessages(entries: ChatEntry[], incoming: WebMessage[]): ChatEntry[] {
  if (incoming.length === 0) return entries;
  const byKey = new Map(entries.map((entry) => [entry.key, entry]));
  for (const message of incoming) {
    if (message.clientMessageId) byKey.delete(localKey(message.clientMessageId));
    byKey.set(serverKey(message.id), { key: serverKey(message.id), message, delivery: message.status === 'failed' ? 'failed' : 'sent' });
  }
  const confirmed = [...byKey.values()].filter((entry) => entry.message.id !== '').sort((a, b) => compareIds(a.message.id, b.message.id));
  const local = entries.filter((entry) => entry.message.id === '' && byKey.has(entry.key)).map((entry) => byKey.get(entry.key) as ChatEntry);
  return [...confirmed, ...local];
}

/** The newest server id in the list: where a catch-up after a reconnect resumes from. */
export function lastSeenId(entries: ChatEntry[]): string | undefined {
  let newest: string | undefined;
  for (const entry of entries) {
    if (entry.message.id !== '' && (newest === undefined || compareIds(entry.message.id, newest) > 0)) newest = entry.message.id;
  }
  return newest;
}

/** Local messages that never reached the server: resent (same client id, so never twice) on reconnect. */
export function unsent(entries: ChatEntry[]): ChatEntry[] {
  return entries.filter((entry) => entry.message.id === '');
}

/** Server ids are decimal strings of growing integers; compare them as numbers of any length. */
function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
