import WebSocket from 'ws';
import { signShopperToken } from '@kefu/adapter-web';
import type { WebMessage, WebSocketFrame } from '@kefu/shared';
import { DEMO_SHOPPER_TOKEN_SECRET } from '../../src/demo/seed-demo';

/** A test shopper speaking the public web API over real HTTP and WebSocket. */
export class TestShopper {
  token = '';
  frames: WebSocketFrame[] = [];
  private socket?: WebSocket;

  constructor(private readonly baseUrl: string) {}

  static demoShopperToken(ref: string): string {
    return signShopperToken({ ref, exp: Math.floor(Date.now() / 1000) + 3600 }, DEMO_SHOPPER_TOKEN_SECRET);
  }

  /** A demo shopper signed in with the demo tenant's shopper token. */
  static signedInDemo(baseUrl: string, ref: string): Promise<TestShopper> {
    return new TestShopper(baseUrl).start({ tenantKey: 'demo', shopperToken: TestShopper.demoShopperToken(ref) });
  }

  /**
   * A demo shopper who has said 你好 and had the answer: a shop may only write into a conversation
   * the shopper opened, so proactive tests start here.
   */
  static async greetedDemoShopper(baseUrl: string, ref: string): Promise<TestShopper> {
    const shopper = await TestShopper.signedInDemo(baseUrl, ref);
    await shopper.ask('你好');
    return shopper;
  }

  async start(body: Record<string, unknown> = { tenantKey: 'demo' }): Promise<this> {
    const response = await this.request('POST', '/api/web/sessions', body);
    if (response.status !== 201) throw new Error(`session failed: ${response.status} ${JSON.stringify(response.body)}`);
    this.token = (response.body as { token: string }).token;
    return this;
  }

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const allHeaders: Record<string, string> = { 'content-type': 'application/json', ...headers };
    if (this.token && !('authorization' in headers)) allHeaders.authorization = `Bearer ${this.token}`;
    return fetch(this.baseUrl + path, { method, headers: allHeaders, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) }).then(
      async (r) => ({ status: r.status, body: (await r.json().catch(() => null)) as unknown }),
    );
  }

  async say(text: string, clientMessageId = `c-${Math.random().toString(36).slice(2)}`): Promise<WebMessage> {
    const response = await this.request('POST', '/api/web/messages', { clientMessageId, text });
    if (response.status !== 201 && response.status !== 200) throw new Error(`send failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as WebMessage;
  }

  async messages(after = '0'): Promise<WebMessage[]> {
    const response = await this.request('GET', `/api/web/messages?after=${after}`);
    if (response.status !== 200) throw new Error(`list failed: ${response.status}`);
    return (response.body as { messages: WebMessage[] }).messages;
  }

  /** Waits until a reply (bot or agent) newer than the given message shows up. */
  /** Says something and waits for the reply to it. */
  async ask(text: string): Promise<WebMessage> {
    return this.replyAfter(await this.say(text));
  }

  async replyAfter(message: WebMessage, timeoutMs = 15_000): Promise<WebMessage> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const reply = (await this.messages(message.id)).find((m) => m.role !== 'shopper');
      if (reply) return reply;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no reply to message ${message.id} within ${timeoutMs} ms`);
  }

  async connect(): Promise<void> {
    const socket = new WebSocket(`${this.baseUrl.replace('http', 'ws')}/api/web/ws?token=${encodeURIComponent(this.token)}`);
    socket.on('message', (data) => this.frames.push(JSON.parse(String(data)) as WebSocketFrame));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    this.socket = socket;
  }

  async frameMatching(predicate: (frame: WebSocketFrame) => boolean, timeoutMs = 15_000): Promise<WebSocketFrame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const frame = this.frames.find(predicate);
      if (frame) return frame;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('expected WebSocket frame did not arrive');
  }

  close(): void {
    this.socket?.close();
  }
}
