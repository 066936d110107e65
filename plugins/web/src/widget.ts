/**
 * The Kefu website widget. One tag adds it:
 *   <script src="https://<kefu-host>/widget.js" data-tenant-key="<key>" async></script>
 * It draws a launcher button and a chat panel inside a Shadow DOM, so the host page's CSS cannot
 * reach them, and the chat itself is the h5 build in an iframe (its own document and globals).
 * The only global it adds is `window.Kefu`.
 */
import { launcherStyles } from './widget-styles';

type MessageListener = (message: unknown) => void;

/** One cart line as the host page reports it: the store's SKU and how many. */
export interface CartLine {
  sku: string;
  quantity: number;
}

export interface KefuWidgetApi {
  open(): void;
  close(): void;
  /** Binds the chat to the merchant's logged-in shopper: a token signed by the merchant's server. */
  identify(signedToken: string): void;
  /** Reports the shopper's cart (an empty list clears it), for abandoned-cart reminders. */
  cart(items: CartLine[]): void;
  on(event: 'message', listener: MessageListener): () => void;
}

interface WidgetOptions {
  tenantKey: string;
  origin: string;
  title: string;
}

function readOptions(): WidgetOptions | null {
  const script = document.currentScript as HTMLScriptElement | null;
  const tenantKey = script?.dataset.tenantKey;
  if (!script || !tenantKey) {
    console.error('[kefu] widget.js needs data-tenant-key on its <script> tag');
    return null;
  }
  return { tenantKey, origin: new URL(script.src, location.href).origin, title: script.dataset.title ?? '在线客服' };
}

function createWidget(options: WidgetOptions): KefuWidgetApi {
  // An element name no host stylesheet targets by accident (unlike div).
  const host = document.createElement('kefu-widget');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = launcherStyles;
  const launcher = document.createElement('button');
  launcher.className = 'launcher';
  launcher.type = 'button';
  launcher.setAttribute('aria-label', options.title);
  launcher.textContent = '💬';
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.hidden = true;
  const header = document.createElement('div');
  header.className = 'header';
  const title = document.createElement('span');
  title.textContent = options.title;
  const closeButton = document.createElement('button');
  closeButton.type = 'button';
  closeButton.className = 'close';
  closeButton.setAttribute('aria-label', '关闭');
  closeButton.textContent = '×';
  header.append(title, closeButton);
  panel.append(header);
  root.append(style, launcher, panel);

  let shopperToken: string | null = null;
  let frame: HTMLIFrameElement | null = null;
  // The chat frame says `ready` once its session is open; until then a cart has nowhere to go.
  let frameReady = false;
  let latestCart: CartLine[] | null = null;
  const listeners = new Set<MessageListener>();
  const sendCart = () => {
    if (frame && frameReady && latestCart) frame.contentWindow?.postMessage({ source: 'kefu-widget', type: 'cart', items: latestCart }, options.origin);
  };

  const chatUrl = () => {
    const query = new URLSearchParams({ tenant: options.tenantKey, parentOrigin: location.origin });
    if (shopperToken) query.set('token', shopperToken);
    return `${options.origin}/chat/?${query.toString()}`;
  };
  // The iframe is created on first open: a page that never opens the chat loads nothing more.
  const ensureFrame = () => {
    if (frame) return;
    frame = document.createElement('iframe');
    frame.className = 'frame';
    frame.title = options.title;
    frame.src = chatUrl();
    panel.append(frame);
  };

  const api: KefuWidgetApi = {
    open() {
      ensureFrame();
      panel.hidden = false;
      launcher.hidden = true;
    },
    close() {
      panel.hidden = true;
      launcher.hidden = false;
    },
    identify(signedToken) {
      shopperToken = signedToken;
      // A chat already open restarts as the identified shopper, with that shopper's history;
      // its new session says `ready` again and gets the latest cart then.
      if (frame) {
        frameReady = false;
        frame.src = chatUrl();
      }
    },
    cart(items) {
      // Only the shape is checked here (the core validates the rest and knows the catalog);
      // a wrong call fails loudly in the host page's console rather than silently later.
      if (!Array.isArray(items) || items.some((i) => typeof i?.sku !== 'string' || !Number.isInteger(i.quantity))) throw new TypeError('[kefu] cart(items) takes [{sku: string, quantity: integer}]');
      latestCart = items.map(({ sku, quantity }) => ({ sku, quantity }));
      // The frame loads hidden if the chat was never opened, so the cart reaches Kefu without a click.
      ensureFrame();
      sendCart();
    },
    on(event, listener) {
      if (event !== 'message') throw new Error(`[kefu] unknown event "${String(event)}"`);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  launcher.addEventListener('click', () => api.open());
  closeButton.addEventListener('click', () => api.close());
  window.addEventListener('message', (event: MessageEvent) => {
    // Only the chat frame speaks to us, and only from the Kefu origin.
    if (event.origin !== options.origin || !frame || event.source !== frame.contentWindow) return;
    const data = event.data as { source?: string; type?: string; message?: unknown };
    if (data?.source !== 'kefu-chat') return;
    if (data.type === 'ready') {
      frameReady = true;
      sendCart();
    } else if (data.type === 'message') for (const listener of listeners) listener(data.message);
  });

  const mount = () => document.body.append(host);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
  return api;
}

const globalScope = window as unknown as { Kefu?: KefuWidgetApi };
if (!globalScope.Kefu) {
  const options = readOptions();
  if (options) globalScope.Kefu = createWidget(options);
}
