import Taro from '@tarojs/taro';
import type { FetchLike, WebSocketFactory, WebSocketLike } from '@kefu/shared/src/web-client';

const isH5 = process.env.TARO_ENV === 'h5';

/** Mini-programs have no `fetch`: the client's requests go through Taro.request (wx.request / tt.request) there. */
export const platformFetch: FetchLike = isH5
  ? (url, init) => fetch(url, init)
  : async (url, init) => {
      const response = await Taro.request({
        url,
        method: init.method as 'GET' | 'POST',
        header: init.headers,
        data: init.body,
        dataType: 'json',
      });
      return { ok: response.statusCode >= 200 && response.statusCode < 300, status: response.statusCode, json: async () => response.data as unknown };
    };

/**
 * The browser's WebSocket on h5 (its handlers take a MessageEvent, which carries the `data` the
 * client reads, hence the cast); on mini-programs, Taro's SocketTask wearing the same shape.
 */
export const platformSocket: WebSocketFactory = isH5 ? (url) => new WebSocket(url) as unknown as WebSocketLike : (url) => miniProgramSocket(url);

function miniProgramSocket(url: string): WebSocketLike {
  let task: Taro.SocketTask | null = null;
  let closed = false;
  const socket: WebSocketLike = {
    onmessage: null,
    onclose: null,
    onopen: null,
    close: () => {
      closed = true;
      task?.close({});
    },
  };
  Taro.connectSocket({ url })
    .then((connected) => {
      task = connected;
      if (closed) return connected.close({});
      connected.onOpen((event) => socket.onopen?.(event));
      connected.onMessage((event) => socket.onmessage?.({ data: event.data }));
      connected.onClose((event) => socket.onclose?.(event));
      connected.onError((event) => socket.onclose?.(event));
    })
    .catch((error: unknown) => socket.onclose?.(error));
  return socket;
}

/** Calls back with `true`/`false` when the device goes on or off line. */
export function onNetworkChange(listener: (online: boolean) => void): () => void {
  if (isH5) {
    const up = () => listener(true);
    const down = () => listener(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }
  const handler = (result: { isConnected: boolean }) => listener(result.isConnected);
  Taro.onNetworkStatusChange(handler);
  return () => Taro.offNetworkStatusChange(handler);
}
