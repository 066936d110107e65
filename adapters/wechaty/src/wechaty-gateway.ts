import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { types, type Message, type Wechaty } from 'wechaty';
import { relaySendSchema, type RelayedMessage, type RelaySendResult } from './relay-payloads';
import { checkRelaySignature, signedRelayHeaders } from './relay-signature';

export interface GatewayLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export interface WechatyGatewayOptions {
  bot: Wechaty;
  /** The core's webhook for this channel account: `<core>/webhooks/wechaty/<channelAccountId>`. */
  coreWebhookUrl: string;
  relaySecret: string;
  host?: string;
  port?: number;
  logger?: GatewayLogger;
  /** How often a contact message is offered to the core before it is given up (with a warning). */
  forwardAttempts?: number;
}

const MAX_BODY_BYTES = 64 * 1024;
const REMEMBERED_SENDS = 2000;
const quiet: GatewayLogger = { info: () => undefined, warn: () => undefined };

/**
 * The long-lived side of the VIP channel: holds the puppet's WeChat login, forwards what contacts
 * say to the core's webhook (signed), and says what the core sends (`POST /send`, signed). It keeps
 * no customer state; a restart loses nothing but the puppet session.
 */
export class WechatyGateway {
  private server?: Server;
  private readonly logger: GatewayLogger;
  /** Sends already done, by Kefu message id: the core retries on timeouts and must not make us say things twice. */
  private readonly sent = new Map<string, RelaySendResult>();
  private readonly forwarding = new Set<Promise<void>>();

  constructor(private readonly options: WechatyGatewayOptions) {
    this.logger = options.logger ?? quiet;
  }

  async start(): Promise<string> {
    this.options.bot.on('message', (message: Message) => this.track(this.onMessage(message)));
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve()));
    await this.options.bot.start();
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.forwarding]);
    await this.options.bot.stop();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private track(work: Promise<void>): void {
    this.forwarding.add(work);
    void work.finally(() => this.forwarding.delete(work));
  }

  /** One-to-one messages from others only: the VIP service is a private chat, and our own echoes are not questions. */
  private async onMessage(message: Message): Promise<void> {
    if (message.self() || message.room()) return;
    const type = message.type();
    const kind = type === types.Message.Text ? 'text' : type === types.Message.Image ? 'image' : null;
    if (!kind) return;
    const talker = message.talker();
    const relayed: RelayedMessage = {
      messageId: message.id,
      contactId: talker.id,
      contactName: talker.name() || undefined,
      kind,
      text: kind === 'text' ? message.text() : '[图片]',
      sentAt: message.date().toISOString(),
    };
    await this.forward(relayed);
  }

  private async forward(relayed: RelayedMessage): Promise<void> {
    const attempts = this.options.forwardAttempts ?? 5;
    const body = JSON.stringify(relayed);
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const response = await fetch(this.options.coreWebhookUrl, { method: 'POST', headers: signedRelayHeaders(this.options.relaySecret, body), body, signal: AbortSignal.timeout(10_000) });
        if (response.ok) return;
        // 4xx: the core refuses this message for good (bad signature, malformed); retrying cannot help.
        if (response.status < 500) {
          this.logger.warn({ status: response.status, reason: await response.text(), messageId: relayed.messageId }, 'core refused a relayed message');
          return;
        }
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, attempt }, 'core unreachable, will retry');
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
    this.logger.warn({ messageId: relayed.messageId }, 'gave up forwarding a message to the core');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const answer = (status: number, result: RelaySendResult) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
    };
    if (req.method !== 'POST' || req.url !== '/send') return answer(404, { ok: false, reason: 'not found', retryable: false });
    const raw = await readBody(req);
    if (!raw) return answer(413, { ok: false, reason: 'body too large', retryable: false });
    const problem = checkRelaySignature(this.options.relaySecret, req.headers as Record<string, string | undefined>, raw, Date.now(), 300);
    if (problem) return answer(401, { ok: false, reason: problem, retryable: false });
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return answer(400, { ok: false, reason: 'body is not valid JSON', retryable: false });
    }
    const parsed = relaySendSchema.safeParse(json);
    if (!parsed.success) return answer(400, { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '), retryable: false });
    const done = this.sent.get(parsed.data.messageId);
    if (done) return answer(200, done);
    const result = await this.say(parsed.data.contactId, parsed.data.text);
    if (result.ok) this.remember(parsed.data.messageId, result);
    answer(result.ok ? 200 : result.retryable ? 503 : 422, result);
  }

  private async say(contactId: string, text: string): Promise<RelaySendResult> {
    const { bot } = this.options;
    if (!bot.isLoggedIn) return { ok: false, reason: 'the WeChat account is not logged in', retryable: true };
    const notFound = `contact ${contactId} not found (not a friend any more, or a web-protocol id from an old session)`;
    let contact: Awaited<ReturnType<typeof bot.Contact.find>>;
    try {
      // While logged in, a failed look-up means the puppet does not know this id (puppets throw rather than return nothing).
      contact = await bot.Contact.find({ id: contactId });
    } catch {
      contact = undefined;
    }
    if (!contact) return { ok: false, reason: notFound, retryable: false };
    try {
      const said = await contact.say(text);
      return { ok: true, platformMessageId: said ? said.id : undefined };
    } catch (error) {
      return { ok: false, reason: `puppet error: ${(error as Error).message.split('\n')[0].slice(0, 200)}`, retryable: true };
    }
  }

  private remember(messageId: string, result: RelaySendResult): void {
    this.sent.set(messageId, result);
    if (this.sent.size > REMEMBERED_SENDS) this.sent.delete(this.sent.keys().next().value as string);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
