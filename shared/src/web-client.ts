import type { MiniProgramLoginBody, PutCartBody, PutCartResponse, RatingResponse, UploadResponse, WebMessage, WebSocketFrame } from './web-api';

/** Minimal WebSocket shape shared by browsers and the `ws` package, so front-ends and Node use one client. */
export interface WebSocketLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onopen: ((event: unknown) => void) | null;
  close(): void;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

/** The part of `fetch` the client uses, so mini-programs (no global fetch) can pass one built on their request API. */
export type FetchLike = (
  url: string,
  // Binary bodies (ArrayBuffer, Blob) carry image uploads; everything else is a JSON string.
  init: { method: string; headers: Record<string, string>; body?: string | ArrayBuffer | Blob },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export class KefuApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Kefu API answered ${status}: ${JSON.stringify(body)}`);
  }
}

/** The shopper-side client of the web channel, used by the widget, the Taro app and `npm run chat`. */
export class KefuWebClient {
  private token?: string;
  sessionId?: string;

  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: FetchLike = (url, init) => fetch(url, init),
  ) {}

  async startSession(tenantKey: string, shopperToken?: string): Promise<{ sessionId: string; token: string }> {
    const session = (await this.request('POST', '/api/web/sessions', { tenantKey, shopperToken })) as { sessionId: string; token: string };
    this.token = session.token;
    this.sessionId = session.sessionId;
    return session;
  }

  /** Signs a mini-program shopper in with the platform login code (see `miniProgramLoginBody`). */
  async loginMiniProgram(body: MiniProgramLoginBody): Promise<{ sessionId: string; token: string }> {
    const session = (await this.request('POST', '/api/web/sessions/miniprogram', body)) as { sessionId: string; token: string };
    this.token = session.token;
    this.sessionId = session.sessionId;
    return session;
  }

  /** Continues a session started earlier (a reloaded page keeps its history). */
  resumeSession(session: { sessionId: string; token: string }): void {
    this.token = session.token;
    this.sessionId = session.sessionId;
  }

  /** Rates the shopper's latest conversation; rating again replaces the earlier score. */
  async rate(score: number, comment?: string): Promise<RatingResponse> {
    return (await this.request('POST', '/api/web/ratings', { score, comment })) as RatingResponse;
  }

  /** Reports the shopper's cart (SKUs and quantities; an empty list clears it) for abandoned-cart reminders. */
  async putCart(items: PutCartBody['items']): Promise<PutCartResponse> {
    return (await this.request('PUT', '/api/web/cart', { items })) as PutCartResponse;
  }

  async send(text: string, clientMessageId: string): Promise<WebMessage> {
    return (await this.request('POST', '/api/web/messages', { clientMessageId, text })) as WebMessage;
  }

  /** Uploads a picture (png/jpeg/webp, at most 5 MB) for `sendImage`. */
  async uploadImage(bytes: ArrayBuffer | Blob, contentType: string): Promise<UploadResponse> {
    return (await this.request('POST', '/api/web/uploads', bytes, contentType)) as UploadResponse;
  }

  async sendImage(uploadId: string, clientMessageId: string): Promise<WebMessage> {
    return (await this.request('POST', '/api/web/messages/images', { clientMessageId, uploadId })) as WebMessage;
  }

  async list(after?: string): Promise<WebMessage[]> {
    const query = after ? `?after=${encodeURIComponent(after)}` : '';
    const body = (await this.request('GET', `/api/web/messages${query}`)) as { messages: WebMessage[] };
    return body.messages;
  }

  /** Opens the push socket; frames arrive parsed. */
  connect(createSocket: WebSocketFactory, onFrame: (frame: WebSocketFrame) => void): WebSocketLike {
    if (!this.token) throw new Error('start a session before connecting');
    const wsUrl = this.baseUrl.replace(/^http/, 'ws') + `/api/web/ws?token=${encodeURIComponent(this.token)}`;
    const socket = createSocket(wsUrl);
    socket.onmessage = (event) => onFrame(JSON.parse(String(event.data)) as WebSocketFrame);
    return socket;
  }

  private async request(method: string, path: string, body?: unknown, binaryType?: string): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': binaryType ?? 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const encoded = binaryType ? (body as ArrayBuffer | Blob) : body === undefined ? undefined : JSON.stringify(body);
    const response = await this.fetchImpl(this.baseUrl + path, { method, headers, body: encoded });
    const parsed: unknown = await response.json().catch(() => null);
    if (!response.ok) throw new KefuApiError(response.status, parsed);
    return parsed;
  }
}
