import { KefuApiError, KefuWebClient, type WebMessage, type WebSocketFrame, type WebSocketLike } from '@kefu/shared';
import WebSocket from 'ws';
import { isProactive } from './message-kinds';

/** A problem the user should read as one plain sentence (no stack trace), with the exit code to use. */
export class ChatFailure extends Error {}

/** Turns a failed request into a sentence: the server's own error message, or why it could not be reached. */
export function describeRequestError(error: unknown, url: string): string {
  if (error instanceof KefuApiError) {
    const body = error.body as { error?: { message?: unknown } } | null;
    const message = typeof body?.error?.message === 'string' ? body.error.message : JSON.stringify(error.body);
    return `${message} (HTTP ${error.status})`;
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND' || cause?.code === 'EHOSTUNREACH' || cause?.code === 'ECONNRESET') {
    return `cannot reach Kefu at ${url} (${cause.code}); is the server running? Start it with \`npm start\` or pass --url`;
  }
  return `request to ${url} failed: ${cause?.message ?? (error as Error).message}`;
}

export const isBotReply = (message: WebMessage, afterId: number) => message.role === 'bot' && Number(message.id) > afterId && !isProactive(message);

/**
 * One shopper's open conversation: the REST client plus the push socket. Frames are handed to
 * listeners; waiting for a reply uses the push as a wake-up and the REST list as the source of truth
 * (it carries fields the push frame does not, such as the intent), polling when no push comes.
 */
export class ChatConnection {
  private socket?: WebSocket;
  private socketOpen = false;
  private readonly listeners = new Set<(frame: WebSocketFrame) => void>();
  private closing = false;

  constructor(
    readonly client: KefuWebClient,
    readonly url: string,
  ) {}

  static async open(url: string, tenant: string, shopperToken?: string): Promise<ChatConnection> {
    const client = new KefuWebClient(url);
    try {
      await client.startSession(tenant, shopperToken);
    } catch (error) {
      throw new ChatFailure(`could not start a chat session with tenant "${tenant}": ${describeRequestError(error, url)}`);
    }
    const connection = new ChatConnection(client, url);
    await connection.connectSocket();
    return connection;
  }

  get pushConnected(): boolean {
    return this.socketOpen;
  }

  onFrame(listener: (frame: WebSocketFrame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Opens the push socket and waits (briefly) for it. A socket that cannot open is not fatal:
   * replies are still found by polling, so the caller only learns it through `pushConnected`.
   */
  private connectSocket(): Promise<void> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(settle, 3000);
      const socket = this.client.connect(
        (wsUrl) => {
          const ws = new WebSocket(wsUrl);
          ws.on('error', () => settle());
          this.socket = ws;
          return ws as unknown as WebSocketLike;
        },
        (frame) => {
          for (const listener of this.listeners) listener(frame);
        },
      );
      socket.onopen = () => {
        this.socketOpen = true;
        settle();
      };
      socket.onclose = () => {
        this.socketOpen = false;
        settle();
      };
    });
  }

  async send(text: string, clientMessageId: string): Promise<WebMessage> {
    return this.client.send(text, clientMessageId);
  }

  async list(after: number): Promise<WebMessage[]> {
    return this.client.list(after > 0 ? String(after) : undefined);
  }

  /**
   * The first bot message stored after the shopper message `afterId`, or null after `timeoutMs`.
   * Checks the message list every `pollMs` and at once whenever the socket pushes a bot message.
   * A failed poll is retried on the next tick; only the timeout ends the wait.
   */
  waitForReply(afterId: number, timeoutMs: number, pollMs = 200): Promise<WebMessage | null> {
    return new Promise((resolve) => {
      let done = false;
      let polling = false;
      let again = false;
      const finish = (message: WebMessage | null) => {
        if (done) return;
        done = true;
        clearInterval(interval);
        clearTimeout(deadline);
        unsubscribe();
        resolve(message);
      };
      const poll = async () => {
        if (done) return;
        if (polling) {
          again = true;
          return;
        }
        polling = true;
        try {
          const reply = (await this.list(afterId)).find((m) => isBotReply(m, afterId));
          if (reply) finish(reply);
        } catch {
          // Transient (server restarting, overloaded): the next tick tries again until the deadline.
        } finally {
          polling = false;
        }
        if (again && !done) {
          again = false;
          void poll();
        }
      };
      const unsubscribe = this.onFrame((frame) => {
        if (frame.type === 'message' && isBotReply(frame.message, afterId)) void poll();
      });
      const interval = setInterval(() => void poll(), pollMs);
      const deadline = setTimeout(() => finish(null), timeoutMs);
      void poll();
    });
  }

  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.listeners.clear();
    this.socket?.close();
  }
}
