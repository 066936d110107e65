import type { WebMessage } from '@kefu/shared/src/web-api';
import type { ChatSnapshot } from './chat-session';

/** What the h5 chat tells the page embedding it (the website widget relays it to `Kefu.on('message')`). */
export interface EmbedEvent {
  source: 'kefu-chat';
  type: 'message';
  message: WebMessage;
}

/**
 * When the h5 chat runs inside the widget's iframe, each new reply is posted to the host page, and
 * only to the origin the widget named (`parentOrigin`), so another page framing the chat learns nothing.
 * Returns null outside an iframe or when no origin was given.
 */
export function createEmbedBridge(): ((snapshot: ChatSnapshot) => void) | null {
  if (process.env.TARO_ENV !== 'h5' || window.parent === window) return null;
  const parentOrigin = new URLSearchParams(window.location.search).get('parentOrigin');
  if (!parentOrigin) return null;
  const announced = new Set<string>();
  let primed = false;
  return (snapshot) => {
    for (const { message } of snapshot.entries) {
      if (!message.id || announced.has(message.id)) continue;
      announced.add(message.id);
      // History loaded at start is not news; only what arrives afterwards is announced.
      if (!primed || message.role === 'shopper') continue;
      const event: EmbedEvent = { source: 'kefu-chat', type: 'message', message };
      window.parent.postMessage(event, parentOrigin);
    }
    if (snapshot.connection !== 'connecting' || snapshot.entries.length > 0) primed = true;
  };
}
