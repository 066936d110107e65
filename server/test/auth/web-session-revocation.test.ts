import WebSocket from 'ws';
import { SESSION_REVOKED_CLOSE_CODE, signShopperToken } from '@kefu/adapter-web';
import { AuditEntry, Tenant, type Role } from '../../src/auth/models';
import { createUser } from '../../src/auth/users';
import type { RunningKefu } from '../../src/boot';
import { Message } from '../../src/conversations/models';
import { ChannelIdentity } from '../../src/customers/models';
import { DEMO_SHOPPER_TOKEN_SECRET } from '../../src/demo/seed-demo';
import { TestShopper } from '../support/shopper';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';

const PASSWORD = 'correct horse battery';

/** Resolves with the HTTP status the upgrade was refused with, or 101 when the socket opened. */
function webSocketStatus(baseUrl: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/web/ws?token=${encodeURIComponent(token)}`);
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', (error) => reject(error));
  });
}

/** An open socket and the close code it will eventually get. */
async function openSocket(baseUrl: string, token: string): Promise<{ closed: Promise<number> }> {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/web/ws?token=${encodeURIComponent(token)}`);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { closed };
}

/** Shopper tokens with a capped lifetime, and web sessions the console can revoke, on the production set-up. */
describeWithServices('web sessions: shopper-token lifetime and revocation', () => {
  let kefu: RunningKefu;
  const consoleTokens = {} as Record<'owner' | 'agent' | 'viewer' | 'otherOwner', string>;

  const consoleCall = async (token: string, path: string) => {
    const response = await fetch(kefu.url + path, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    return response.status;
  };
  const conversationOf = async (shopper: TestShopper) => {
    const sent = await shopper.say('在吗');
    const message = await Message.findOne({ where: { tenantId: (await Tenant.findOne({ where: { key: 'demo' } }))!.id, id: Number(sent.id) } });
    return message!.conversationId;
  };

  beforeAll(async () => {
    // Open sockets are re-checked every second here (a minute by default), so the test sees the close.
    kefu = await startTestKefu(await productionTestEnv('websess', { WS_REVALIDATE_SECONDS: '1' }));
    const demo = await Tenant.findOne({ where: { key: 'demo' } });
    const other = await Tenant.create({ key: 'other-shop', name: 'Other', orderNumberPattern: null });
    const accounts: [keyof typeof consoleTokens, number, string, Role][] = [
      ['owner', demo!.id, 'revoke-owner@demo.test', 'owner'],
      ['agent', demo!.id, 'revoke-agent@demo.test', 'agent'],
      ['viewer', demo!.id, 'revoke-viewer@demo.test', 'viewer'],
      ['otherOwner', other.id, 'owner@other.test', 'owner'],
    ];
    for (const [name, tenantId, email, role] of accounts) {
      await createUser(tenantId, { email, password: PASSWORD, role });
      const tenantKey = tenantId === demo!.id ? 'demo' : 'other-shop';
      const response = await fetch(`${kefu.url}/api/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenantKey, email, password: PASSWORD }) });
      consoleTokens[name] = ((await response.json()) as { token: string }).token;
    }
  });
  afterAll(async () => {
    await kefu?.stop();
  });

  it('refuses a shopper token whose exp is absurdly far away, or whose iat is too old', async () => {
    const now = Math.floor(Date.now() / 1000);
    const start = (claims: { exp: number; iat?: number }) =>
      new TestShopper(kefu.url).request('POST', '/api/web/sessions', { tenantKey: 'demo', shopperToken: signShopperToken({ ref: 'zhangwei', ...claims }, DEMO_SHOPPER_TOKEN_SECRET) });
    expect((await start({ exp: now + 10 * 365 * 24 * 3600 })).status).toBe(401);
    expect((await start({ exp: now + 3600, iat: now - 30 * 24 * 3600 })).status).toBe(401);
    expect((await start({ exp: now + 3600, iat: now - 60 })).status).toBe(201);
  });

  it("an agent revokes a conversation's session: 401 on messages and on the WebSocket; other shoppers carry on", async () => {
    const revoked = await new TestShopper(kefu.url).start();
    const bystander = await new TestShopper(kefu.url).start();
    const conversationId = await conversationOf(revoked);
    expect(await webSocketStatus(kefu.url, revoked.token)).toBe(101);
    const alreadyOpen = await openSocket(kefu.url, revoked.token);
    await bystander.connect();

    expect(await consoleCall(consoleTokens.viewer, `/api/console/conversations/${conversationId}/revoke-session`)).toBe(403);
    expect(await consoleCall(consoleTokens.otherOwner, `/api/console/conversations/${conversationId}/revoke-session`)).toBe(404);
    expect((await revoked.request('POST', '/api/web/messages', { clientMessageId: 'still-ok', text: '你好' })).status).toBe(201);

    expect(await consoleCall(consoleTokens.agent, `/api/console/conversations/${conversationId}/revoke-session`)).toBe(204);
    const refused = await revoked.request('POST', '/api/web/messages', { clientMessageId: 'after', text: '你好' });
    expect(refused).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'session revoked' } } });
    expect((await revoked.request('GET', '/api/web/messages')).status).toBe(401);
    expect(await webSocketStatus(kefu.url, revoked.token)).toBe(401);
    // The socket opened before the revocation is closed by the periodic re-check, not left to receive pushes.
    expect(await alreadyOpen.closed).toBe(SESSION_REVOKED_CLOSE_CODE);

    expect((await bystander.request('POST', '/api/web/messages', { clientMessageId: 'b1', text: '你好' })).status).toBe(201);
    expect(await webSocketStatus(kefu.url, bystander.token)).toBe(101);
    // The bystander's socket went through the same re-check pass that closed the revoked one and still gets pushes.
    const reply = await bystander.ask('七天无理由能退吗');
    await bystander.frameMatching((frame) => frame.type === 'message' && frame.message.id === reply.id);
    bystander.close();
    const audit = await AuditEntry.findOne({ where: { tenantId: (await Tenant.findOne({ where: { key: 'demo' } }))!.id, action: 'web_session.revoked', targetId: String(conversationId) } });
    expect(audit?.actorType).toBe('user');
  });

  it("an owner revokes every session of a customer; an agent may not; a new sign-in works afterwards", async () => {
    const laptop = await TestShopper.signedInDemo(kefu.url, 'lina');
    const phone = await TestShopper.signedInDemo(kefu.url, 'lina');
    const demo = await Tenant.findOne({ where: { key: 'demo' } });
    const { identityId } = JSON.parse(Buffer.from(laptop.token.split('.')[0]!, 'base64url').toString('utf8')) as { identityId: number };
    const identity = await ChannelIdentity.findOne({ where: { tenantId: demo!.id, id: identityId } });
    const customerId = identity!.customerId!;
    expect(customerId).toEqual(expect.any(Number));

    expect(await consoleCall(consoleTokens.agent, `/api/console/customers/${customerId}/revoke-sessions`)).toBe(403);
    expect(await consoleCall(consoleTokens.otherOwner, `/api/console/customers/${customerId}/revoke-sessions`)).toBe(404);
    expect((await laptop.request('GET', '/api/web/messages')).status).toBe(200);

    expect(await consoleCall(consoleTokens.owner, `/api/console/customers/${customerId}/revoke-sessions`)).toBe(200);
    for (const shopper of [laptop, phone]) {
      expect((await shopper.request('POST', '/api/web/messages', { clientMessageId: 'x', text: '你好' })).status).toBe(401);
      expect(await webSocketStatus(kefu.url, shopper.token)).toBe(401);
    }
    const again = await TestShopper.signedInDemo(kefu.url, 'lina');
    expect((await again.request('POST', '/api/web/messages', { clientMessageId: 'y', text: '你好' })).status).toBe(201);
  });
});
