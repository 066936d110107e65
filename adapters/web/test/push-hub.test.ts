import type { WebSocketFrame } from '@kefu/shared';
import { LocalBroadcaster, PushHub, recipientKey } from '../src/push-hub';

class FakeSocket {
  readonly sent: string[] = [];
  constructor(public readyState = 1) {}
  send(data: string): void {
    this.sent.push(data);
  }
  frames(): WebSocketFrame[] {
    return this.sent.map((data) => JSON.parse(data) as WebSocketFrame);
  }
}

const typing: WebSocketFrame = { type: 'typing', role: 'bot', typing: true };
const message: WebSocketFrame = {
  type: 'message',
  message: { id: '7', role: 'bot', text: '您好，请问有什么可以帮您？', createdAt: '2024-01-01T00:00:00.000Z', status: 'sent' },
};

async function startedHub(): Promise<PushHub> {
  const hub = new PushHub(new LocalBroadcaster());
  await hub.start();
  return hub;
}

describe('PushHub with LocalBroadcaster', () => {
  it('delivers frames only to sockets attached under the same recipient key', async () => {
    const hub = await startedHub();
    const alice1 = new FakeSocket();
    const alice2 = new FakeSocket();
    const bob = new FakeSocket();
    const aliceOtherAccount = new FakeSocket();
    hub.attach(recipientKey(1, 'alice'), alice1);
    hub.attach(recipientKey(1, 'alice'), alice2);
    hub.attach(recipientKey(1, 'bob'), bob);
    hub.attach(recipientKey(2, 'alice'), aliceOtherAccount);

    await hub.publish(recipientKey(1, 'alice'), message);
    await hub.publish(recipientKey(1, 'bob'), typing);

    expect(alice1.frames()).toEqual([message]);
    expect(alice2.frames()).toEqual([message]);
    expect(bob.frames()).toEqual([typing]);
    expect(aliceOtherAccount.sent).toEqual([]);
  });

  it('skips sockets that are not open', async () => {
    const hub = await startedHub();
    const open = new FakeSocket(1);
    const closing = new FakeSocket(2);
    const closed = new FakeSocket(3);
    const connecting = new FakeSocket(0);
    for (const socket of [open, closing, closed, connecting]) hub.attach('k', socket);
    await hub.publish('k', typing);
    expect(open.sent).toHaveLength(1);
    expect(closing.sent).toEqual([]);
    expect(closed.sent).toEqual([]);
    expect(connecting.sent).toEqual([]);
  });

  it('detach stops delivery and updates the connection count', async () => {
    const hub = await startedHub();
    const first = new FakeSocket();
    const second = new FakeSocket();
    const detachFirst = hub.attach('k', first);
    const detachSecond = hub.attach('k', second);
    expect(hub.connectionCount()).toBe(2);

    detachFirst();
    expect(hub.connectionCount()).toBe(1);
    await hub.publish('k', typing);
    expect(first.sent).toEqual([]);
    expect(second.sent).toHaveLength(1);

    detachSecond();
    detachSecond(); // idempotent
    expect(hub.connectionCount()).toBe(0);
    await hub.publish('k', typing);
    expect(second.sent).toHaveLength(1);
  });

  it('a socket re-attached after its key emptied receives frames again', async () => {
    const hub = await startedHub();
    const socket = new FakeSocket();
    hub.attach('k', socket)();
    hub.attach('k', socket);
    await hub.publish('k', typing);
    expect(socket.sent).toHaveLength(1);
    expect(hub.connectionCount()).toBe(1);
  });

  it('publishing to a key with no sockets is harmless', async () => {
    const hub = await startedHub();
    await expect(hub.publish('nobody', typing)).resolves.toBeUndefined();
  });

  it('nothing is delivered before start or after the broadcaster closes', async () => {
    const broadcaster = new LocalBroadcaster();
    const hub = new PushHub(broadcaster);
    const socket = new FakeSocket();
    hub.attach('k', socket);
    await hub.publish('k', typing);
    expect(socket.sent).toEqual([]);
    await hub.start();
    await hub.publish('k', typing);
    expect(socket.sent).toHaveLength(1);
    await broadcaster.close();
    await hub.publish('k', typing);
    expect(socket.sent).toHaveLength(1);
  });

  it('recipientKey combines the channel account and the external user', () => {
    expect(recipientKey(5, 'u-1')).toBe('5:u-1');
    expect(recipientKey('5', 'u-1')).toBe(recipientKey(5, 'u-1'));
    expect(recipientKey(5, 'u-1')).not.toBe(recipientKey(5, 'u-2'));
  });
});
