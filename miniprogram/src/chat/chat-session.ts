import type { KefuWebClient, WebSocketFactory, WebSocketLike } from '@kefu/shared/src/web-client';
import type { WebMessage, WebSocketFrame } from '@kefu/shared/src/web-api';
import { addPending, dropPending, lastSeenId, markFailed, mergeMessages, unsent, type ChatEntry } from './message-list';

export type Connection = 'connecting' | 'online' | 'offline';

export interface ChatSnapshot {
  entries: ChatEntry[];
  /** The bot or an agent is writing a reply. */
  typing: boolean;
  connection: Connection;
  rated: number | null;
  /** The last failure worth telling the shopper about (sign-in refused, rating refused). */
  error: string | null;
}

export interface ChatSessionOptions {
  client: KefuWebClient;
  createSocket: WebSocketFactory;
  /** Starts or resumes the session on `client` (web session, signed token, mini-program login). */
  openSession: () => Promise<void>;
  onChange: (snapshot: ChatSnapshot) => void;
  newClientId?: () => string;
  /** Waits between reconnect attempts; the last one repeats while the network stays away. */
  reconnectDelaysMs?: number[];
}

const defaultClientId = () => `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/**
 * The chat's behaviour, free of any UI: history, sending, the push socket, and recovery after the
 * network drops. Every path that learns of messages funnels into one merge, so a message pushed,
 * listed and echoed all at once still shows once; a message typed offline is resent with the
 * same client id when the network returns, and the server's idempotency keeps it single.
 */
export class ChatSession {
  private snapshot: ChatSnapshot = { entries: [], typing: false, connection: 'connecting', rated: null, error: null };
  private socket: WebSocketLike | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectAttempt = 0;
  private stopped = false;
  private readonly newClientId: () => string;
  private readonly delays: number[];
  /** Client message id → the upload an unsent image message carries. */
  private readonly uploads = new Map<string, string>();

  constructor(private readonly options: ChatSessionOptions) {
    this.newClientId = options.newClientId ?? defaultClientId;
    this.delays = options.reconnectDelaysMs ?? [300, 1000, 2000, 4000];
  }

  get state(): ChatSnapshot {
    return this.snapshot;
  }

  async start(): Promise<void> {
    try {
      await this.options.openSession();
    } catch (error) {
      this.update({ connection: 'offline', error: `无法连接客服：${describe(error)}` });
      throw error;
    }
    await this.catchUp();
    this.openSocket();
  }

  async send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed) return;
    const clientMessageId = this.newClientId();
    this.update({ entries: addPending(this.snapshot.entries, clientMessageId, trimmed, new Date()) });
    await this.deliver(clientMessageId, trimmed);
  }

  /**
   * Sends a picture: shown at once from `previewUrl`, uploaded, then sent as an image message. A
   * failed upload drops the line and says so (there is nothing on the server to retry); once
   * uploaded, a failed send keeps the entry and is retried with the same client id like text.
   */
  async sendImage(bytes: ArrayBuffer | Blob, contentType: string, previewUrl: string): Promise<void> {
    const clientMessageId = this.newClientId();
    this.update({ entries: addPending(this.snapshot.entries, clientMessageId, '', new Date(), previewUrl) });
    let uploadId: string;
    try {
      uploadId = (await this.options.client.uploadImage(bytes, contentType)).uploadId;
    } catch (error) {
      this.update({ entries: dropPending(this.snapshot.entries, clientMessageId), error: `图片未发送：${describe(error)}` });
      return;
    }
    this.uploads.set(clientMessageId, uploadId);
    await this.deliver(clientMessageId, '');
  }

  async rate(score: number, comment?: string): Promise<void> {
    try {
      await this.options.client.rate(score, comment);
      this.update({ rated: score, error: null });
    } catch (error) {
      this.update({ error: `评价未提交：${describe(error)}` });
    }
  }

  /** The platform told us the network went away or came back (browser `offline`/`online`, Taro's onNetworkStatusChange). */
  networkChanged(online: boolean): void {
    if (this.stopped) return;
    if (!online) {
      this.dropSocket();
      this.update({ connection: 'offline', typing: false });
      return;
    }
    this.reconnectAttempt = 0;
    this.clearReconnect();
    if (!this.socket) this.openSocket();
  }

  stop(): void {
    this.stopped = true;
    this.clearReconnect();
    this.dropSocket();
  }

  private async deliver(clientMessageId: string, text: string): Promise<void> {
    try {
      const uploadId = this.uploads.get(clientMessageId);
      const stored = uploadId ? await this.options.client.sendImage(uploadId, clientMessageId) : await this.options.client.send(text, clientMessageId);
      this.uploads.delete(clientMessageId);
      this.merge([stored]);
    } catch {
      this.update({ entries: markFailed(this.snapshot.entries, clientMessageId) });
    }
  }

  /** Fetches everything after the newest message we hold: what was missed while disconnected. */
  private async catchUp(): Promise<void> {
    const messages = await this.options.client.list(lastSeenId(this.snapshot.entries));
    this.merge(messages);
  }

  private openSocket(): void {
    if (this.stopped) return;
    this.update({ connection: 'connecting' });
    const socket = this.options.client.connect(this.options.createSocket, (frame) => this.onFrame(frame));
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.reconnectAttempt = 0;
      this.update({ connection: 'online', error: null });
      // Messages may have arrived between the last list and this socket: list again, then resend what never left.
      this.catchUp()
        .then(() => this.flushUnsent())
        .catch(() => this.dropAndRetry(socket));
    };
    socket.onclose = () => this.dropAndRetry(socket);
  }

  private async flushUnsent(): Promise<void> {
    for (const entry of unsent(this.snapshot.entries)) {
      const id = entry.message.clientMessageId;
      // An image still uploading has nothing to send yet; sendImage delivers it when the upload ends.
      if (!id || (entry.message.imageUrl && !this.uploads.has(id))) continue;
      await this.deliver(id, entry.message.text);
    }
  }

  private onFrame(frame: WebSocketFrame): void {
    if (frame.type === 'typing') {
      if (frame.role !== 'shopper') this.update({ typing: frame.typing });
      return;
    }
    // The frame carries the reply's intent too (which the end-of-conversation rating depends on), so it is merged as is.
    this.merge([frame.message]);
  }

  private merge(messages: WebMessage[]): void {
    const replied = messages.some((m) => m.role !== 'shopper');
    this.update({ entries: mergeMessages(this.snapshot.entries, messages), ...(replied ? { typing: false } : {}) });
  }

  private dropAndRetry(socket: WebSocketLike): void {
    if (this.socket !== socket || this.stopped) return;
    this.dropSocket();
    this.update({ connection: 'offline', typing: false });
    const delay = this.delays[Math.min(this.reconnectAttempt, this.delays.length - 1)];
    this.reconnectAttempt += 1;
    this.clearReconnect();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.openSocket();
    }, delay);
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.onopen = null;
      socket.close();
    }
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private update(change: Partial<ChatSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    this.options.onChange(this.snapshot);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
