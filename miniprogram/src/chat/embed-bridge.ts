import type { WebMessage } from '@kefu/shared/src/web-api';
import type { KefuWebClient } from '@kefu/shared/src/web-client';
import type { ChatSnapshot } from './chat-session';
import { listenForWidgetCart } from './widget-cart-relay';

/** What the h5 chat tells the page embedding it (the website widget relays it to `Kefu.on('message')`). */
export type EmbedEvent = { source: 'kefu-chat'; type: 'message'; message: WebMessage } | { source: 'kefu-chat'; type: 'ready' };

/**
 * When the h5 chat runs inside the widget's iframe, each new reply is posted to the host page, and
 * only to the origin the widget named (`parentOrigin`), so another page framing the chat learns nothing.
 * Once the session is online the frame says `ready`, and the widget answers with the host's cart.
 * Returns null outside an iframe or when no origin was given.
 */
export function createEmbedBridge(client: KefuWebClient): ((snapshot: ChatSnapshot) => void) | null {
  if (process.env.TARO_ENV !== 'h5' || window.parent === window) return null;
  const parentOrigin = new URLSearchParams(window.location.search).get('parentOrigin');
  if (!parentOrigin) return null;
  listenForWidgetCart(client, parentOrigin);
  const announced = new Set<string>();
  let primed = false;
  let ready = false;
  return (snapshot) => {
    if (!ready && snapshot.connection === 'online') {
      ready = true;
      const event: EmbedEvent = { source: 'kefu-chat', type: 'ready' };
      window.parent.postMessage(event, parentOrigin);
    }
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
