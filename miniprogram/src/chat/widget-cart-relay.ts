import type { PutCartBody } from '@kefu/shared/src/web-api';
import type { KefuWebClient } from '@kefu/shared/src/web-client';

/** What the website widget sends the chat frame: the host page's latest `Kefu.cart(items)`. */
export interface WidgetCartMessage {
  source: 'kefu-widget';
  type: 'cart';
  items: PutCartBody['items'];
}

/**
 * Relays the host page's cart to the core as this chat session's shopper. The widget sends its
 * latest cart each time this frame says `ready` (a session is open; after `identify` that is a new
 * session, so the identified shopper gets the cart too) and on every later `Kefu.cart` call.
 * Only the embedding page, from the origin the widget named, is listened to. The server validates
 * the items; a refusal is logged in the frame, since the host page has no error channel for it.
 */
export function listenForWidgetCart(client: KefuWebClient, parentOrigin: string): void {
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    const data = event.data as Partial<WidgetCartMessage> | null;
    if (data?.source !== 'kefu-widget' || data.type !== 'cart' || !Array.isArray(data.items)) return;
    client.putCart(data.items).catch((error: unknown) => console.warn('[kefu] cart not recorded', error));
  });
}
