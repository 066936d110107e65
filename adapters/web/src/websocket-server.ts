import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PushHub } from './push-hub';

export interface WebSocketAuth {
  /** Resolves the token to the shopper's recipient key, or null when it is not a valid session. */
  authenticate(token: string): Promise<string | null>;
}

/**
 * Accepts upgrades at `path?token=…`, checks the session token before the handshake completes
 * (a bad token gets a plain 401, never an open socket), and registers the socket with the hub.
 */
export function attachWebSocketServer(server: Server, opts: { path: string; hub: PushHub; auth: WebSocketAuth; onError?: (error: unknown) => void }): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) socket.ping();
  }, 30_000);
  heartbeat.unref();
  wss.on('close', () => clearInterval(heartbeat));

  server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== opts.path) return; // another upgrade handler may own this path
    const token = url.searchParams.get('token') ?? '';
    opts.auth
      .authenticate(token)
      .then((key) => {
        if (!key) {
          socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
          return;
        }
        wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
          const detach = opts.hub.attach(key, ws);
          ws.on('close', detach);
          ws.on('error', detach);
        });
      })
      .catch((error: unknown) => {
        opts.onError?.(error);
        socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      });
  });
  return wss;
}
