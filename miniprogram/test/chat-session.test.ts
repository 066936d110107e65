import WebSocket from 'ws';
import { KefuWebClient, type FetchLike, type WebSocketLike } from '@kefu/shared/src/web-client';
import type { RunningKefu } from '../../server/src/boot';
import { TestShopper } from '../../server/test/support/shopper';
import { embeddedTestEnv, startTestKefu } from '../../server/test/support/start-test-kefu';
import { ChatSession, type ChatSnapshot } from '../src/chat/chat-session';

/**
 * The chat's state machine against a real embedded Kefu over real HTTP and WebSocket. "Network loss"
 * is made at the edge only: the socket is closed and fetch fails like a dropped connection.
 */
describe('ChatSession against a running core', () => {
  let kefu: RunningKefu;
  beforeAll(async () => {
    kefu = await startTestKefu(embeddedTestEnv());
  });
  afterAll(async () => {
    await kefu?.stop();
  });

  function harness() {
    let online = true;
    const sockets: WebSocketLike[] = [];
    const fetchImpl: FetchLike = (url, init) => (online ? fetch(url, init) : Promise.reject(new TypeError('Failed to fetch')));
    const client = new KefuWebClient(kefu.url, fetchImpl);
    const snapshots: ChatSnapshot[] = [];
    const session = new ChatSession({
      client,
      createSocket: (url) => {
        const socket = new WebSocket(url) as unknown as WebSocketLike;
        sockets.push(socket);
        return socket;
      },
      openSession: async () => {
        await client.startSession('demo', TestShopper.demoShopperToken('zhangwei'));
      },
      onChange: (snapshot) => snapshots.push(snapshot),
      reconnectDelaysMs: [50, 100],
    });
    const setOnline = (value: boolean) => {
      online = value;
      session.networkChanged(value);
    };
    return { session, client, sockets, snapshots, setOnline };
  }

  async function until(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('loads history, sends, receives the reply by push, and shows each message once', async () => {
    const { session } = harness();
    await session.start();
    await until(() => session.state.connection === 'online', 'the socket');
    await session.send('你好');
    await until(() => session.state.entries.some((e) => e.message.role === 'bot'), 'a bot reply');
    const ids = session.state.entries.map((e) => e.message.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(session.state.entries.every((e) => e.message.id !== '')).toBe(true);
    session.stop();
  });

  it('after a network loss catches up on missed replies and delivers what was typed offline exactly once', async () => {
    const { session, setOnline } = harness();
    await session.start();
    await until(() => session.state.connection === 'online', 'the socket');
    const before = session.state.entries.length;

    // The question leaves, then the network drops before the answer comes back over the socket.
    await session.send('E20261124005 到哪了');
    setOnline(false);
    expect(session.state.connection).toBe('offline');
    await session.send('谢谢');
    const typedOffline = session.state.entries.find((e) => e.message.text === '谢谢');
    expect(typedOffline?.delivery).toBe('failed');

    setOnline(true);
    await until(() => session.state.entries.filter((e) => e.message.role === 'bot').length >= 2 && session.state.entries.every((e) => e.message.id !== ''), 'both replies and the resent message');

    const entries = session.state.entries.slice(before);
    const shopperTexts = entries.filter((e) => e.message.role === 'shopper').map((e) => e.message.text);
    expect(shopperTexts).toEqual(['E20261124005 到哪了', '谢谢']);
    const ids = session.state.entries.map((e) => e.message.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => Number(a) - Number(b)));
    const orderReply = entries.find((e) => e.message.role === 'bot' && (e.message.cards ?? []).some((c) => c.type === 'order'));
    expect(orderReply).toBeDefined();

    // The server holds each message once too: the resend reused the client id.
    const stored = await new TestShopper(kefu.url).start({ tenantKey: 'demo', shopperToken: TestShopper.demoShopperToken('zhangwei') }).then((s) => s.messages());
    expect(stored.filter((m) => m.text === '谢谢')).toHaveLength(1);
    session.stop();
  });

  it('reconnects by itself when the socket closes under it', async () => {
    const { session, sockets } = harness();
    await session.start();
    await until(() => session.state.connection === 'online', 'the socket');
    (sockets[0] as unknown as WebSocket).terminate();
    await until(() => session.state.connection === 'offline', 'the drop to be noticed');
    await until(() => session.state.connection === 'online' && sockets.length === 2, 'a second socket');
    session.stop();
  });

  it('rates the conversation; a rating before any conversation is refused with a reason', async () => {
    const fresh = harness();
    const client = new KefuWebClient(kefu.url);
    await client.startSession('demo');
    await expect(client.rate(5)).rejects.toMatchObject({ status: 409 });

    const { session } = fresh;
    await session.start();
    await session.send('你好');
    await session.rate(4);
    expect(session.state.rated).toBe(4);
    session.stop();
  });
});
