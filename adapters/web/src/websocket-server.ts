import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PushHub } from './push-hub';

export interface WebSocketAuth {
  /** Resolves the token to the shopper's recipient key, or null when it is not a valid session. */
  authenticate(token: string): Promise<string | null>;
  /**
   * False once the session behind an open socket was revoked; throws when it cannot tell (storage
   * down), and the socket is then left open rather than dropping every shopper on a database blip.
   */
  stillValid?(token: string): Promise<boolean>;
}

/** Close code for a socket whose session was revoked (4000-4999 are for applications). */
export const SESSION_REVOKED_CLOSE_CODE = 4401;

/**
 * Accepts upgrades at `path?token=…`, checks the session token before the handshake completes
 * (a bad token gets a plain 401, never an open socket), and registers the socket with the hub.
 */
export function attachWebSocketServer(
  server: Server,
  opts: { path: string; hub: PushHub; auth: WebSocketAuth; onError?: (error: unknown) => void; revalidateEveryMs?: number },
): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const tokens = new WeakMap<WebSocket, string>();
  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) socket.ping();
  }, 30_000);
  heartbeat.unref();
  // A token is checked at the handshake; a session revoked later would go on receiving pushes on a
  // socket already open, so open sockets are re-checked now and then (one read per socket per period).
  const { stillValid } = opts.auth;
  const revalidation = stillValid && opts.revalidateEveryMs
    ? setInterval(() => {
        for (const socket of wss.clients) {
          const token = tokens.get(socket);
          if (!token) continue;
          stillValid(token).then(
            (valid) => {
              if (!valid) socket.close(SESSION_REVOKED_CLOSE_CODE, 'session revoked');
            },
            (error: unknown) => opts.onError?.(error),
          );
        }
      }, opts.revalidateEveryMs)
    : undefined;
  revalidation?.unref();
  wss.on('close', () => {
    clearInterval(heartbeat);
    clearInterval(revalidation);
  });

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
          tokens.set(ws, token);
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
