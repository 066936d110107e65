/**
 * The reply API needs both the conversation and the message being answered, and the core hands
 * back only our platformMessageId, so both travel in it. Retried deliveries carry the same
 * server_message_id, so the id is stable and the core's unique key drops the duplicate.
 */
export function encodeMessageId(conversationShortId: string, serverMessageId: string): string {
  return `${conversationShortId}:${serverMessageId}`;
}

export function decodeMessageId(platformMessageId: string): { conversationShortId: string; serverMessageId: string } | null {
  const separator = platformMessageId.lastIndexOf(':');
  if (separator <= 0 || separator === platformMessageId.length - 1) return null;
  return { conversationShortId: platformMessageId.slice(0, separator), serverMessageId: platformMessageId.slice(separator + 1) };
}
