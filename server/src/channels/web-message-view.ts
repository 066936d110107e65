import type { WebMessage } from '@kefu/shared';
import type { Message } from '../conversations/models';

/** The public shape of a stored message on the web channel. */
export function toWebMessage(message: Message, sessionExternalId: string): WebMessage {
  const view: WebMessage = {
    id: String(message.id),
    role: message.role,
    text: message.text,
    createdAt: message.createdAt.toISOString(),
    status: message.status === 'answered' || message.status === 'processing' ? 'received' : (message.status as WebMessage['status']),
  };
  if (message.cards.length > 0) view.cards = message.cards;
  if (message.role === 'bot' && message.intent) view.intent = message.intent;
  // Image messages keep the picture's URL as their text, as on every channel.
  if (message.kind === 'image') view.imageUrl = message.text;
  const prefix = `${sessionExternalId}:`;
  if (message.role === 'shopper' && message.platformMessageId.startsWith(prefix)) {
    view.clientMessageId = message.platformMessageId.slice(prefix.length);
  }
  return view;
}
