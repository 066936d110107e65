import { existsSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { KefuWebClient, type WebSocketLike } from '@kefu/shared/src/web-client';
import type { UploadResponse, WebMessage } from '@kefu/shared';
import type { RunningKefu } from '../../server/src/boot';
import { Tenant } from '../../server/src/auth/models';
import { Message } from '../../server/src/conversations/models';
import { TestShopper } from '../../server/test/support/shopper';
import { embeddedTestEnv, startTestKefu } from '../../server/test/support/start-test-kefu';
import { ChatSession } from '../src/chat/chat-session';

// A real 1×1 PNG (signature, IHDR, IDAT, IEND), as a phone's picker would hand over.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** Shopper images over real HTTP against an embedded core: the upload route, the image message, and the chat state. */
describe('image upload on the web channel', () => {
  let kefu: RunningKefu;
  let dataDir: string;
  beforeAll(async () => {
    const env = embeddedTestEnv();
    dataDir = env.KEFU_DATA_DIR;
    kefu = await startTestKefu(env);
  });
  afterAll(async () => {
    await kefu?.stop();
  });

  const upload = (shopper: TestShopper, bytes: Buffer, contentType: string) =>
    fetch(`${kefu.url}/api/web/uploads`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${shopper.token}` }, body: new Uint8Array(bytes) }).then(async (r) => ({
      status: r.status,
      body: (await r.json().catch(() => null)) as unknown,
    }));

  it('stores a PNG under the tenant in the data dir and serves the same bytes back', async () => {
    const shopper = await new TestShopper(kefu.url).start();
    const response = await upload(shopper, PNG, 'image/png');
    expect(response.status).toBe(201);
    const { uploadId, url } = response.body as UploadResponse;
    const tenant = await Tenant.findOne({ where: { key: 'demo' } });
    expect(url).toBe(`/api/web/uploads/${tenant?.id}/${uploadId}`);
    expect(existsSync(join(dataDir, 'uploads', String(tenant?.id), uploadId))).toBe(true);

    const served = await fetch(kefu.url + url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('refuses other types, bytes that are not the claimed image, empty bodies and anonymous callers', async () => {
    const shopper = await new TestShopper(kefu.url).start();
    const wrongType = await upload(shopper, Buffer.from('GIF89a...'), 'image/gif');
    expect(wrongType.status).toBe(415);
    expect(JSON.stringify(wrongType.body)).toContain('content-type must be one of image/png, image/jpeg, image/webp');

    const disguised = await upload(shopper, Buffer.from('<script>alert(1)</script>'), 'image/jpeg');
    expect(disguised.status).toBe(415);
    expect(JSON.stringify(disguised.body)).toContain('not a image/jpeg image');

    expect((await upload(shopper, Buffer.alloc(0), 'image/png')).status).toBe(400);
    const anonymous = await fetch(`${kefu.url}/api/web/uploads`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(PNG) });
    expect(anonymous.status).toBe(401);
  });

  it('answers 413 above 5 MB and accepts exactly 5 MB', async () => {
    const shopper = await new TestShopper(kefu.url).start();
    const limit = 5 * 1024 * 1024;
    const tooBig = Buffer.concat([PNG, Buffer.alloc(limit + 1 - PNG.length)]);
    const refused = await upload(shopper, tooBig, 'image/png');
    expect(refused.status).toBe(413);
    expect(JSON.stringify(refused.body)).toContain(String(limit));
    expect((await upload(shopper, tooBig.subarray(0, limit), 'image/png')).status).toBe(201);
  });

  it('sends an upload as an image message that the pipeline stores and the history lists', async () => {
    const shopper = await new TestShopper(kefu.url).start();
    const { uploadId, url } = (await upload(shopper, PNG, 'image/png')).body as UploadResponse;
    const sent = await shopper.request('POST', '/api/web/messages/images', { clientMessageId: 'img-1', uploadId });
    expect(sent.status).toBe(201);
    const message = sent.body as WebMessage;
    expect(message).toMatchObject({ role: 'shopper', imageUrl: url, clientMessageId: 'img-1' });
    const again = await shopper.request('POST', '/api/web/messages/images', { clientMessageId: 'img-1', uploadId });
    expect(again.status).toBe(200); // same client id: the same stored message, not a second one
    expect((again.body as WebMessage).id).toBe(message.id);

    const tenant = await Tenant.findOne({ where: { key: 'demo' } });
    const stored = await Message.findOne({ where: { id: Number(message.id), tenantId: tenant?.id ?? -1 } });
    expect(stored?.kind).toBe('image');
    expect(stored?.text).toBe(url);
    const listed = await shopper.messages();
    expect(listed.filter((m) => m.imageUrl === url)).toHaveLength(1);

    const forged = await shopper.request('POST', '/api/web/messages/images', { clientMessageId: 'img-2', uploadId: '../../etc/passwd' });
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.body)).toContain('uploadId must come from POST /api/web/uploads');
  });

  it("keeps each merchant's uploads to itself", async () => {
    const demoShopper = await new TestShopper(kefu.url).start();
    const { uploadId, url } = (await upload(demoShopper, PNG, 'image/png')).body as UploadResponse;
    await Tenant.findOrCreate({ where: { key: 'other-shop' }, defaults: { key: 'other-shop', name: '另一家店', orderNumberPattern: null } });
    const other = await new TestShopper(kefu.url).start({ tenantKey: 'other-shop' });
    const borrowed = await other.request('POST', '/api/web/messages/images', { clientMessageId: 'steal', uploadId });
    expect(borrowed.status).toBe(404);
    const otherTenant = await Tenant.findOne({ where: { key: 'other-shop' } });
    const underOther = await fetch(`${kefu.url}/api/web/uploads/${otherTenant?.id}/${uploadId}`);
    expect(underOther.status).toBe(404);
    expect((await fetch(kefu.url + url)).status).toBe(200);
  });

  async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function chat() {
    const client = new KefuWebClient(kefu.url);
    const session = new ChatSession({
      client,
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      openSession: async () => {
        await client.startSession('demo');
      },
      onChange: () => undefined,
      reconnectDelaysMs: [50],
    });
    return session;
  }

  it('chat state: the picked image shows at once, then becomes the stored image message once', async () => {
    const session = chat();
    await session.start();
    await until(() => session.state.connection === 'online', 'the socket');
    const sending = session.sendImage(new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'image/png', 'blob:preview-1');
    // Shown before the upload finishes, from the local preview.
    expect(session.state.entries.map((e) => [e.message.imageUrl, e.delivery])).toEqual([['blob:preview-1', 'sending']]);
    await sending;
    const mine = session.state.entries.filter((e) => e.message.role === 'shopper');
    expect(mine).toHaveLength(1);
    expect(mine[0].delivery).toBe('sent');
    expect(mine[0].message.imageUrl).toMatch(/^\/api\/web\/uploads\/\d+\/[0-9a-f-]{36}\.png$/);
    session.stop();
  });

  it('chat state: a refused upload removes the line and tells the shopper why', async () => {
    const session = chat();
    await session.start();
    await until(() => session.state.connection === 'online', 'the socket');
    await session.sendImage(new Blob(['not a picture'], { type: 'image/png' }), 'image/png', 'blob:preview-2');
    expect(session.state.entries).toHaveLength(0);
    expect(session.state.error).toContain('图片未发送');
    expect(session.state.error).toContain('415');
    session.stop();
  });
});
