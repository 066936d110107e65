import { randomBytes } from 'node:crypto';
import { jsonBody, LocalProtocolServer, type ProtocolAnswer, type ProtocolRequest } from '../../../../shared/test/support/local-protocol-server';
import { encryptLarkEvent, larkSignature } from '../../src/lark-event-crypto';

export interface LarkSentMessage {
  messageId: string;
  chatId: string;
  msgType: string;
  content: string;
  /** Set for replies: the message answered. */
  replyTo?: string;
  replyInThread?: boolean;
}

const reply = (status: number, body: unknown): ProtocolAnswer => ({ status, body });

/**
 * A local server speaking the parts of Lark's open API the desk uses, with Lark's envelope
 * ({code, msg, data}) and error codes: tenant_access_token/internal, im/v1/messages create, reply
 * and patch. It also plays Lark's event side: `deliverEvent` encrypts and signs like Lark does.
 */
export class LocalLarkServer extends LocalProtocolServer {
  readonly sent: LarkSentMessage[] = [];
  readonly patches: { messageId: string; content: string }[] = [];
  tokenRequests = 0;
  /** Answer the next create/reply/patch with this error instead (e.g. 99991400 rate limited). */
  failNext?: { code: number; msg: string; httpStatus?: number };
  /** Message calls (create, reply, patch) received and not answered yet: Lark being slow. */
  held = 0;
  private gate?: Promise<void>;
  private openGate?: () => void;
  private readonly tokens = new Set<string>();
  private readonly uuids = new Map<string, string>();
  private sequence = 0;

  constructor(
    private readonly app: { appId: string; appSecret: string },
    /** Chats the bot is a member of. */
    private readonly chats: Set<string>,
  ) {
    super();
  }

  /** From now on, message calls get no answer until `release()`, as when Lark stalls. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  cardOf(messageId: string): Record<string, unknown> {
    const patch = [...this.patches].reverse().find((p) => p.messageId === messageId);
    const content = patch?.content ?? this.sent.find((m) => m.messageId === messageId)?.content;
    if (!content) throw new Error(`no card ${messageId}`);
    return JSON.parse(content) as Record<string, unknown>;
  }

  protected async answer(request: ProtocolRequest): Promise<ProtocolAnswer> {
    if (this.gate && request.path.startsWith('/open-apis/im/')) {
      this.held += 1;
      await this.gate;
      this.held -= 1;
    }
    return this.answerNow(request);
  }

  private answerNow(request: ProtocolRequest): ProtocolAnswer {
    const body = jsonBody(request.raw);
    if (request.method === 'POST' && request.path === '/open-apis/auth/v3/tenant_access_token/internal') {
      this.tokenRequests += 1;
      if (body.app_id !== this.app.appId || body.app_secret !== this.app.appSecret) return reply(200, { code: 10014, msg: 'app secret invalid' });
      const token = `t-${randomBytes(8).toString('hex')}`;
      this.tokens.add(token);
      return reply(200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 });
    }
    const bearer = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!this.tokens.has(bearer)) return reply(400, { code: 99991663, msg: 'Invalid access token for authorization' });
    if (this.failNext) {
      const { code, msg, httpStatus } = this.failNext;
      this.failNext = undefined;
      return reply(httpStatus ?? 200, { code, msg });
    }
    const replyMatch = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(request.path);
    const patchMatch = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(request.path);
    if (request.method === 'POST' && request.path === '/open-apis/im/v1/messages') {
      const receiveIdType = request.query.get('receive_id_type');
      if (!receiveIdType) return reply(400, { code: 99992402, msg: 'field validation failed: receive_id_type is required' });
      const chatId = String(body.receive_id ?? '');
      if (receiveIdType === 'chat_id' && !this.chats.has(chatId)) return reply(400, { code: 230002, msg: 'Bot/User can NOT be out of the chat.' });
      return this.store({ chatId, msgType: String(body.msg_type), content: String(body.content) }, body.uuid);
    }
    if (request.method === 'POST' && replyMatch) {
      const parent = this.sent.find((m) => m.messageId === replyMatch[1]);
      if (!parent) return reply(400, { code: 230001, msg: 'message not found' });
      return this.store({ chatId: parent.chatId, msgType: String(body.msg_type), content: String(body.content), replyTo: parent.messageId, replyInThread: body.reply_in_thread === true }, body.uuid);
    }
    if (request.method === 'PATCH' && patchMatch) {
      const target = this.sent.find((m) => m.messageId === patchMatch[1]);
      if (!target || target.msgType !== 'interactive') return reply(400, { code: 230001, msg: 'message not found or not a card' });
      JSON.parse(String(body.content)); // Lark rejects content that is not card JSON
      this.patches.push({ messageId: target.messageId, content: String(body.content) });
      return reply(200, { code: 0, msg: 'success', data: {} });
    }
    return reply(404, { code: 404, msg: `no route ${request.method} ${request.path}` });
  }

  private store(message: Omit<LarkSentMessage, 'messageId'>, uuid: unknown): ProtocolAnswer {
    // Lark sends one message per uuid (within an hour): a retried request gets the first message back.
    const existing = typeof uuid === 'string' ? this.uuids.get(uuid) : undefined;
    if (existing) return reply(200, { code: 0, msg: 'success', data: { message_id: existing, chat_id: message.chatId } });
    this.sequence += 1;
    const messageId = `om_local_${this.sequence}`;
    if (typeof uuid === 'string') this.uuids.set(uuid, messageId);
    this.sent.push({ messageId, ...message });
    return reply(200, { code: 0, msg: 'success', data: { message_id: messageId, chat_id: message.chatId, msg_type: message.msgType, root_id: message.replyTo } });
  }
}

/** Lark's side of an event delivery: encrypt the body with the app's encrypt key and sign it. */
export function larkEventRequest(event: unknown, encryptKey: string, timestamp = String(Math.floor(Date.now() / 1000))): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({ encrypt: encryptLarkEvent(JSON.stringify(event), encryptKey) });
  const nonce = randomBytes(8).toString('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': larkSignature(timestamp, nonce, encryptKey, body),
    },
  };
}

let eventSequence = 0;
/** A v2 event envelope as Lark sends it. */
export function larkV2Event(eventType: string, event: Record<string, unknown>, token: string, eventId = `ev_${Date.now()}_${++eventSequence}`): Record<string, unknown> {
  return { schema: '2.0', header: { event_id: eventId, event_type: eventType, create_time: String(Date.now()), token, app_id: 'cli_test', tenant_key: 'tk_test' }, event };
}

export function agentThreadReply(options: { rootId: string; chatId: string; openId: string; text: string; messageId?: string }): Record<string, unknown> {
  return {
    sender: { sender_id: { open_id: options.openId, union_id: `on_${options.openId}` }, sender_type: 'user', tenant_key: 'tk_test' },
    message: {
      message_id: options.messageId ?? `om_agent_${Date.now()}_${++eventSequence}`,
      root_id: options.rootId,
      parent_id: options.rootId,
      thread_id: `omt_${options.rootId}`,
      chat_id: options.chatId,
      chat_type: 'group',
      message_type: 'text',
      content: JSON.stringify({ text: options.text }),
      create_time: String(Date.now()),
    },
  };
}

export function cardClick(options: { openId: string; messageId: string; chatId: string; value: Record<string, unknown>; option?: string }): Record<string, unknown> {
  return {
    operator: { tenant_key: 'tk_test', open_id: options.openId, union_id: `on_${options.openId}` },
    token: `c-${randomBytes(6).toString('hex')}`,
    action: { value: options.value, tag: options.option ? 'select_static' : 'button', ...(options.option ? { option: options.option } : {}) },
    host: 'im_message',
    context: { open_message_id: options.messageId, open_chat_id: options.chatId },
  };
}
