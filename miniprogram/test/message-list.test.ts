import type { WebMessage } from '@kefu/shared/src/web-api';
import { addPending, lastSeenId, markFailed, mergeMessages, unsent, type ChatEntry } from '../src/chat/message-list';

const at = new Date('2026-11-26T10:00:00Z');
const msg = (id: string, role: WebMessage['role'], text: string, extra: Partial<WebMessage> = {}): WebMessage => ({ id, role, text, createdAt: at.toISOString(), ...extra });
const texts = (entries: ChatEntry[]) => entries.map((e) => e.message.text);

describe('chat message list', () => {
  it('orders by server id whatever order messages arrive in, comparing ids as numbers', () => {
    const entries = mergeMessages([], [msg('10', 'bot', 'ten'), msg('9', 'shopper', 'nine'), msg('100', 'bot', 'hundred')]);
    expect(texts(entries)).toEqual(['nine', 'ten', 'hundred']);
    expect(lastSeenId(entries)).toBe('100');
  });

  it('shows a message once however many times it arrives (push, list after reconnect, POST answer)', () => {
    let entries = mergeMessages([], [msg('1', 'shopper', 'hi'), msg('2', 'bot', 'hello')]);
    entries = mergeMessages(entries, [msg('2', 'bot', 'hello')]);
    entries = mergeMessages(entries, [msg('1', 'shopper', 'hi'), msg('2', 'bot', 'hello'), msg('3', 'bot', 'anything else?')]);
    expect(texts(entries)).toEqual(['hi', 'hello', 'anything else?']);
  });

  it('replaces the local copy of a typed message with the server copy carrying the same client id', () => {
    let entries = addPending([], 'c1', '我的快递到哪了', at);
    expect(entries[0]).toMatchObject({ delivery: 'sending', key: 'local:c1' });
    entries = mergeMessages(entries, [msg('5', 'shopper', '我的快递到哪了', { clientMessageId: 'c1' })]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ key: 'id:5', delivery: 'sent' });
    // The push of the same message after the POST answer changes nothing.
    expect(mergeMessages(entries, [msg('5', 'shopper', '我的快递到哪了', { clientMessageId: 'c1' })])).toHaveLength(1);
  });

  it('keeps unsent messages after the confirmed ones, in typing order, and lists them for resending', () => {
    let entries = addPending([], 'a', 'first', at);
    entries = addPending(entries, 'b', 'second', at);
    entries = markFailed(entries, 'a');
    entries = mergeMessages(entries, [msg('7', 'bot', 'a reply from before')]);
    expect(texts(entries)).toEqual(['a reply from before', 'first', 'second']);
    expect(entries[1].delivery).toBe('failed');
    expect(unsent(entries).map((e) => e.message.clientMessageId)).toEqual(['a', 'b']);
    expect(lastSeenId(entries)).toBe('7');
  });

  it('does not add a second local entry for a client id it already holds', () => {
    const once = addPending([], 'same', 'x', at);
    expect(addPending(once, 'same', 'x', at)).toBe(once);
  });

  it('marks a reply the server failed to deliver as failed', () => {
    const entries = mergeMessages([], [msg('4', 'bot', 'oops', { status: 'failed' })]);
    expect(entries[0].delivery).toBe('failed');
  });

  it('has no last seen id before any server message', () => {
    expect(lastSeenId(addPending([], 'c', 'x', at))).toBeUndefined();
  });
});
