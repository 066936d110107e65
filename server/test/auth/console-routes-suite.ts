import request from 'supertest';
import { CROSS_TENANT } from '../../src/db/tenant-guard';
import { ApiKey, AuditEntry, User, type Role } from '../../src/auth/models';
import { createApiKey } from '../../src/auth/api-keys';
import { issueConsoleToken } from '../../src/auth/console-tokens';
import { createUser } from '../../src/auth/users';
import { Conversation } from '../../src/conversations/models';
import { eventually } from '../jobs/capture-logger';
import { SESSION_SECRET, openTestRuntime, seedTenantWithConversations, type TestRuntime } from './console-test-kit';

const PASSWORD = 'correct horse battery';
const LOGIN_FAILED = 'wrong tenant, email or password';

interface Ids {
  tenantA: number;
  tenantB: number;
  /** A's conversations, newest activity first. */
  conversationsA: number[];
  conversationsB: number[];
  users: Record<'ownerA' | 'adminA' | 'agentA' | 'viewerA' | 'ownerB', number>;
}

/**
 * The console API end to end on a real database: login, roles, API keys, and above all that one
 * tenant can never see or touch another tenant's rows. Run once per dialect.
 */
export function consoleRoutesSuite(databaseUrl: () => Promise<string>): void {
  let t: TestRuntime;
  let ids: Ids;
  const tokens = {} as Record<'ownerA' | 'adminA' | 'agentA' | 'viewerA' | 'ownerB', string>;
  let keyB: { id: number; key: string };

  const api = () => request(t.server);
  const login = (tenantKey: string, email: string, password: string) => api().post('/api/console/login').send({ tenantKey, email, password });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await openTestRuntime(await databaseUrl());
    const hour = 3_600_000;
    const now = Date.now();
    const a = await seedTenantWithConversations('shop-a', [
      { status: 'open', lastMessageAt: new Date(now - 3 * hour), texts: ['hi A0', 'hello A0'] },
      { status: 'closed', lastMessageAt: new Date(now - 1 * hour), texts: ['hi A1'] },
      { status: 'handoff', lastMessageAt: new Date(now - 2 * hour), texts: ['hi A2', 'hello A2', 'where is my parcel'] },
    ]);
    const b = await seedTenantWithConversations('shop-b', [{ status: 'open', lastMessageAt: new Date(now), texts: ['secret of B'] }]);
    const make = async (tenantId: number, email: string, role: Role) => (await createUser(tenantId, { email, password: PASSWORD, role, displayName: email.split('@')[0] })).id;
    ids = {
      tenantA: a.tenant.id,
      tenantB: b.tenant.id,
      conversationsA: [a.conversationIds[1], a.conversationIds[2], a.conversationIds[0]] as number[],
      conversationsB: b.conversationIds,
      users: {
        ownerA: await make(a.tenant.id, 'owner@a.test', 'owner'),
        adminA: await make(a.tenant.id, 'admin@a.test', 'admin'),
        agentA: await make(a.tenant.id, 'agent@a.test', 'agent'),
        viewerA: await make(a.tenant.id, 'viewer@a.test', 'viewer'),
        // Same email as A's admin on purpose: emails are unique per tenant, not globally.
        ownerB: await make(b.tenant.id, 'admin@a.test', 'owner'),
      },
    };
    for (const [name, tenantKey, email] of [
      ['ownerA', 'shop-a', 'owner@a.test'],
      ['adminA', 'shop-a', 'admin@a.test'],
      ['agentA', 'shop-a', 'agent@a.test'],
      ['viewerA', 'shop-a', 'viewer@a.test'],
      ['ownerB', 'shop-b', 'admin@a.test'],
    ] as const) {
      const response = await login(tenantKey, email, PASSWORD).expect(200);
      tokens[name] = (response.body as { token: string }).token;
    }
    const created = await api().post('/api/console/api-keys').set(bearer(tokens.ownerB)).send({ name: 'B integration', role: 'admin' }).expect(201);
    keyB = created.body as { id: number; key: string };
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('login', () => {
    it('returns a token and the public user, and audits the login', async () => {
      const response = await login('shop-a', 'Agent@A.test', PASSWORD).expect(200);
      const body = response.body as { token: string; user: Record<string, unknown> };
      expect(body.token).toMatch(/^[\w-]+\.[\w-]+$/);
      expect(body.user).toEqual({ id: ids.users.agentA, email: 'agent@a.test', role: 'agent', displayName: 'agent' });
      expect(JSON.stringify(body)).not.toContain('argon2');
      const entry = await AuditEntry.findOne({ where: { tenantId: ids.tenantA, action: 'login.succeeded', actorId: String(ids.users.agentA) } });
      expect(entry).not.toBeNull();
    });

    it('answers 401 with the same message for a wrong password, an unknown user and an unknown tenant', async () => {
      const wrongPassword = await login('shop-a', 'admin@a.test', 'not the password').expect(401);
      const unknownUser = await login('shop-a', 'nobody@a.test', PASSWORD).expect(401);
      const unknownTenant = await login('no-such-shop', 'admin@a.test', PASSWORD).expect(401);
      for (const response of [wrongPassword, unknownUser, unknownTenant]) {
        expect(response.body).toEqual({ error: { code: 'unauthorized', message: LOGIN_FAILED } });
      }
      const failures = await AuditEntry.findAll({ where: { tenantId: ids.tenantA, action: 'login.failed' } });
      expect(failures.map((f) => f.details.reason).sort()).toEqual(['unknown_user', 'wrong_password']);
    });

    it('validates the body with a 400 naming the field', async () => {
      const response = await api().post('/api/console/login').send({ tenantKey: 'shop-a', email: 'admin@a.test' }).expect(400);
      expect((response.body as { error: { message: string } }).error.message).toContain('body.password');
    });

    it('refuses a disabled user at login and locks out the tokens already issued', async () => {
      const user = await createUser(ids.tenantA, { email: 'leaver@a.test', password: PASSWORD, role: 'agent' });
      const token = ((await login('shop-a', 'leaver@a.test', PASSWORD).expect(200)).body as { token: string }).token;
      await api().get('/api/console/me').set(bearer(token)).expect(200);
      await user.update({ disabledAt: new Date() });
      await api().get('/api/console/me').set(bearer(token)).expect(401);
      const response = await login('shop-a', 'leaver@a.test', PASSWORD).expect(401);
      expect((response.body as { error: { message: string } }).error.message).toBe(LOGIN_FAILED);
    });
  });

  describe('console tokens', () => {
    it('GET /me describes the caller', async () => {
      const response = await api().get('/api/console/me').set(bearer(tokens.adminA)).expect(200);
      expect(response.body).toEqual({
        principal: { kind: 'user', id: ids.users.adminA, role: 'admin' },
        tenant: { id: ids.tenantA, key: 'shop-a', name: 'Shop shop-a' },
        user: { id: ids.users.adminA, email: 'admin@a.test', role: 'admin', displayName: 'admin' },
        mustChangePassword: false,
      });
    });

    it('401 without credentials or with a non-Bearer scheme', async () => {
      await api().get('/api/console/me').expect(401);
      await api().get('/api/console/me').set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`).expect(401);
    });

    it('401 for a tampered payload, a tampered signature, garbage, and a foreign secret', async () => {
      const [payload, signature] = tokens.viewerA.split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      const escalated = Buffer.from(JSON.stringify({ ...claims, role: 'owner' })).toString('base64url');
      const otherTenant = Buffer.from(JSON.stringify({ ...claims, tenantId: ids.tenantB })).toString('base64url');
      const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
      const foreign = issueConsoleToken({ userId: ids.users.ownerA, tenantId: ids.tenantA, role: 'owner' }, 'y'.repeat(32));
      for (const token of [`${escalated}.${signature}`, `${otherTenant}.${signature}`, `${payload}.${flipped}`, `${payload}.`, 'garbage', `${payload}.${signature}.x`, foreign]) {
        const response = await api().get('/api/console/users').set(bearer(token)).expect(401);
        expect((response.body as { error: { code: string } }).error.code).toBe('unauthorized');
      }
    });

    it('401 for an expired token', async () => {
      const thirteenHoursAgo = Date.now() - 13 * 3_600_000;
      const expired = issueConsoleToken({ userId: ids.users.adminA, tenantId: ids.tenantA, role: 'admin' }, SESSION_SECRET, undefined, thirteenHoursAgo);
      const response = await api().get('/api/console/me').set(bearer(expired)).expect(401);
      expect((response.body as { error: { message: string } }).error.message).toBe('console token expired');
    });

    it('logout ends this token only; sign out everywhere ends the rest (revocation table and token version on this dialect)', async () => {
      await createUser(ids.tenantA, { email: 'two-devices@a.test', password: PASSWORD, role: 'viewer' });
      const [laptop, phone, tablet] = await Promise.all([1, 2, 3].map(async () => ((await login('shop-a', 'two-devices@a.test', PASSWORD).expect(200)).body as { token: string }).token));
      await api().post('/api/console/logout').set(bearer(laptop!)).expect(204);
      await api().post('/api/console/logout').set(bearer(laptop!)).expect(401);
      await api().get('/api/console/me').set(bearer(laptop!)).expect(401);
      await api().get('/api/console/me').set(bearer(phone!)).expect(200);
      await api().post('/api/console/me/sign-out-everywhere').set(bearer(phone!)).expect(204);
      await api().get('/api/console/me').set(bearer(phone!)).expect(401);
      await api().get('/api/console/me').set(bearer(tablet!)).expect(401);
    });

    it('takes the role from the user row, not from the token', async () => {
      // A validly signed token claiming owner for the viewer: the role in the database wins.
      const token = issueConsoleToken({ userId: ids.users.viewerA, tenantId: ids.tenantA, role: 'owner' }, SESSION_SECRET);
      await api().get('/api/console/users').set(bearer(token)).expect(403);
    });
  });

  describe('roles', () => {
    it('a viewer cannot create users (403 naming the roles)', async () => {
      const response = await api().post('/api/console/users').set(bearer(tokens.viewerA)).send({ email: 'x@a.test', password: PASSWORD, role: 'viewer' }).expect(403);
      expect((response.body as { error: { message: string } }).error.message).toBe('requires role owner or admin');
    });

    it('an agent cannot create API keys or list users', async () => {
      const response = await api().post('/api/console/api-keys').set(bearer(tokens.agentA)).send({ name: 'k', role: 'viewer' }).expect(403);
      expect((response.body as { error: { message: string } }).error.message).toBe('requires role owner or admin');
      await api().get('/api/console/users').set(bearer(tokens.agentA)).expect(403);
      await api().get('/api/console/audit').set(bearer(tokens.agentA)).expect(403);
      await api().get('/api/console/jobs/failed').set(bearer(tokens.agentA)).expect(403);
    });

    it('an admin cannot create an owner, nor an owner API key', async () => {
      await api().post('/api/console/users').set(bearer(tokens.adminA)).send({ email: 'boss@a.test', password: PASSWORD, role: 'owner' }).expect(403);
      await api().post('/api/console/api-keys').set(bearer(tokens.adminA)).send({ name: 'k', role: 'owner' }).expect(403);
      expect(await User.count({ where: { tenantId: ids.tenantA, email: 'boss@a.test' } })).toBe(0);
    });

    it('an admin creates an agent who can log in; an owner can create an owner; duplicates are 409', async () => {
      const created = await api().post('/api/console/users').set(bearer(tokens.adminA)).send({ email: 'New.Agent@a.test', password: PASSWORD, role: 'agent', displayName: 'New' }).expect(201);
      expect((created.body as { user: Record<string, unknown> }).user).toMatchObject({ email: 'new.agent@a.test', role: 'agent', displayName: 'New' });
      await login('shop-a', 'new.agent@a.test', PASSWORD).expect(200);
      await api().post('/api/console/users').set(bearer(tokens.ownerA)).send({ email: 'co-owner@a.test', password: PASSWORD, role: 'owner' }).expect(201);
      await api().post('/api/console/users').set(bearer(tokens.ownerA)).send({ email: 'new.agent@a.test', password: PASSWORD, role: 'agent' }).expect(409);
      const audit = await AuditEntry.findAll({ where: { tenantId: ids.tenantA, action: 'user.created' } });
      expect(audit.map((e) => e.details.email)).toEqual(expect.arrayContaining(['new.agent@a.test', 'co-owner@a.test']));
    });

    it('viewers and agents may read conversations', async () => {
      await api().get('/api/console/conversations').set(bearer(tokens.viewerA)).expect(200);
      await api().get(`/api/console/conversations/${ids.conversationsA[0]}/messages`).set(bearer(tokens.agentA)).expect(200);
    });

    it('validates inputs (400)', async () => {
      await api().post('/api/console/users').set(bearer(tokens.ownerA)).send({ email: 'not-an-email', password: PASSWORD, role: 'agent' }).expect(400);
      await api().post('/api/console/users').set(bearer(tokens.ownerA)).send({ email: 'short@a.test', password: 'short', role: 'agent' }).expect(400);
      await api().post('/api/console/api-keys').set(bearer(tokens.ownerA)).send({ name: 'k', role: 'root' }).expect(400);
      await api().get('/api/console/conversations?limit=0').set(bearer(tokens.ownerA)).expect(400);
      await api().get('/api/console/conversations?status=lost').set(bearer(tokens.ownerA)).expect(400);
      await api().get('/api/console/conversations/abc/messages').set(bearer(tokens.ownerA)).expect(400);
      await api().delete('/api/console/api-keys/-1').set(bearer(tokens.ownerA)).expect(400);
    });
  });

  describe('API keys', () => {
    it('are shown once, authenticate, never expose the hash, and stop working once revoked', async () => {
      const created = await api().post('/api/console/api-keys').set(bearer(tokens.adminA)).send({ name: 'ERP sync', role: 'agent' }).expect(201);
      const { id, key } = created.body as { id: number; key: string; name: string; role: string };
      expect(created.body).toEqual({ id, key, name: 'ERP sync', role: 'agent' });
      expect(key).toMatch(/^kefu_[0-9a-f]{12}_[0-9a-f]{32}$/);

      const me = await api().get('/api/console/me').set('X-Api-Key', key).expect(200);
      expect(me.body).toMatchObject({ principal: { kind: 'api_key', id, role: 'agent' }, tenant: { id: ids.tenantA }, user: null });
      await api().get('/api/console/conversations').set('X-Api-Key', key).expect(200);
      await api().get('/api/console/users').set('X-Api-Key', key).expect(403);
      const row = await ApiKey.findOne({ where: { tenantId: ids.tenantA, id } });
      expect(row?.lastUsedAt).toBeInstanceOf(Date);
      expect(row?.keyHash).toMatch(/^[0-9a-f]{64}$/);
      expect(row?.keyHash).not.toContain(key.split('_')[2]);

      const listed = await api().get('/api/console/api-keys').set(bearer(tokens.adminA)).expect(200);
      const text = JSON.stringify(listed.body);
      expect(text).not.toContain(row!.keyHash);
      expect(text).not.toContain(key);
      expect(text).not.toMatch(/keyHash/i);
      expect((listed.body as { apiKeys: { id: number; keyPrefix: string }[] }).apiKeys).toEqual(expect.arrayContaining([expect.objectContaining({ id, keyPrefix: key.split('_')[1] })]));

      const revoked = await api().delete(`/api/console/api-keys/${id}`).set(bearer(tokens.adminA)).expect(200);
      expect((revoked.body as { revokedAt: string | null }).revokedAt).toEqual(expect.any(String));
      const refused = await api().get('/api/console/me').set('X-Api-Key', key).expect(401);
      expect((refused.body as { error: { message: string } }).error.message).toBe('API key revoked');
      const actions = (await AuditEntry.findAll({ where: { tenantId: ids.tenantA, targetType: 'api_key', targetId: String(id) } })).map((e) => e.action);
      expect(actions.sort()).toEqual(['api_key.created', 'api_key.revoked']);
    });

    it('401 for a malformed key and for a right prefix with a wrong secret', async () => {
      await api().get('/api/console/me').set('X-Api-Key', 'kefu_nonsense').expect(401);
      const [, prefix] = keyB.key.split('_') as [string, string, string];
      await api().get('/api/console/me').set('X-Api-Key', `kefu_${prefix}_${'0'.repeat(32)}`).expect(401);
    });

    it('an API key with admin role may manage keys', async () => {
      const { plaintext } = await createApiKey(ids.tenantA, 'admin key', 'admin');
      const created = await api().post('/api/console/api-keys').set('X-Api-Key', plaintext).send({ name: 'child', role: 'viewer' }).expect(201);
      const entry = await AuditEntry.findOne({ where: { tenantId: ids.tenantA, action: 'api_key.created', targetId: String((created.body as { id: number }).id) } });
      expect(entry?.actorType).toBe('api_key');
    });
  });

  describe('tenant isolation', () => {
    it("lists only the caller's conversations, newest activity first, with a status filter", async () => {
      const all = await api().get('/api/console/conversations').set(bearer(tokens.viewerA)).expect(200);
      expect((all.body as { conversations: { id: number }[] }).conversations.map((c) => c.id)).toEqual(ids.conversationsA);
      const open = await api().get('/api/console/conversations?status=handoff&limit=5').set(bearer(tokens.viewerA)).expect(200);
      expect((open.body as { conversations: { id: number; status: string }[] }).conversations).toEqual([expect.objectContaining({ id: ids.conversationsA[1], status: 'handoff' })]);
      const limited = await api().get('/api/console/conversations?limit=1').set(bearer(tokens.viewerA)).expect(200);
      expect((limited.body as { conversations: unknown[] }).conversations).toHaveLength(1);
      const bSide = await api().get('/api/console/conversations').set('X-Api-Key', keyB.key).expect(200);
      expect((bSide.body as { conversations: { id: number }[] }).conversations.map((c) => c.id)).toEqual(ids.conversationsB);
    });

    it("returns a conversation's messages in order, and 404 (not 403) for another tenant's id", async () => {
      const own = await api().get(`/api/console/conversations/${ids.conversationsA[1]}/messages`).set(bearer(tokens.viewerA)).expect(200);
      expect((own.body as { messages: { text: string }[] }).messages.map((m) => m.text)).toEqual(['hi A2', 'hello A2', 'where is my parcel']);
      const paged = await api().get(`/api/console/conversations/${ids.conversationsA[1]}/messages?limit=1`).set(bearer(tokens.viewerA)).expect(200);
      const first = (paged.body as { messages: { id: number }[] }).messages[0]!;
      const rest = await api().get(`/api/console/conversations/${ids.conversationsA[1]}/messages?afterId=${first.id}`).set(bearer(tokens.viewerA)).expect(200);
      expect((rest.body as { messages: { text: string }[] }).messages.map((m) => m.text)).toEqual(['hello A2', 'where is my parcel']);

      const foreign = await api().get(`/api/console/conversations/${ids.conversationsB[0]}/messages`).set(bearer(tokens.ownerA)).expect(404);
      const missing = await api().get('/api/console/conversations/987654321/messages').set(bearer(tokens.ownerA)).expect(404);
      expect(JSON.stringify(foreign.body)).not.toContain('secret of B');
      expect((foreign.body as { error: { code: string } }).error.code).toBe((missing.body as { error: { code: string } }).error.code);
    });

    it("lists only the caller's users, API keys and audit entries", async () => {
      const users = await api().get('/api/console/users').set(bearer(tokens.adminA)).expect(200);
      const userIds = (users.body as { users: { id: number }[] }).users.map((u) => u.id);
      expect(userIds).toEqual(expect.arrayContaining(Object.values(ids.users).filter((id) => id !== ids.users.ownerB)));
      expect(userIds).not.toContain(ids.users.ownerB);
      expect(JSON.stringify(users.body)).not.toMatch(/passwordHash|argon2/);

      const keys = await api().get('/api/console/api-keys').set(bearer(tokens.adminA)).expect(200);
      const keyIds = (keys.body as { apiKeys: { id: number }[] }).apiKeys.map((k) => k.id);
      const ownKeyIds = (await ApiKey.findAll({ where: { tenantId: ids.tenantA } })).map((k) => k.id);
      expect(keyIds.sort()).toEqual(ownKeyIds.sort());
      expect(keyIds).not.toContain(keyB.id);

      const audit = await api().get('/api/console/audit?limit=500').set(bearer(tokens.adminA)).expect(200);
      const auditIds = (audit.body as { entries: { id: number }[] }).entries.map((e) => e.id);
      const ownAudit = (await AuditEntry.findAll({ where: { tenantId: ids.tenantA } })).map((e) => e.id);
      const bAudit = (await AuditEntry.findAll({ where: { tenantId: ids.tenantB } })).map((e) => e.id);
      expect(bAudit.length).toBeGreaterThan(0);
      expect(auditIds.sort()).toEqual(ownAudit.sort());
      expect(auditIds.filter((id) => bAudit.includes(id))).toEqual([]);
    });

    it("404 when revoking another tenant's API key, which keeps working", async () => {
      await api().delete(`/api/console/api-keys/${keyB.id}`).set(bearer(tokens.ownerA)).expect(404);
      const row = await ApiKey.findOne({ where: { tenantId: ids.tenantB, id: keyB.id } });
      expect(row?.revokedAt).toBeNull();
      await api().get('/api/console/me').set('X-Api-Key', keyB.key).expect(200);
    });

    it("shows only the caller's failed jobs", async () => {
      const inbound = t.runtime.queues.inbound;
      inbound.process(async () => {
        throw new Error('pipeline exploded');
      });
      await inbound.add({ messageId: 'm-a', tenantId: String(ids.tenantA) }, { jobId: 'job-a' });
      await inbound.add({ messageId: 'm-b', tenantId: String(ids.tenantB) }, { jobId: 'job-b' });
      await eventually(async () => expect((await inbound.failed()).length).toBe(2));

      const own = await api().get('/api/console/jobs/failed').set(bearer(tokens.adminA)).expect(200);
      expect(own.body).toEqual({ jobs: [{ queue: 'inbound', id: 'job-a', reason: 'pipeline exploded', attempts: 1, failedAt: expect.any(String) }] });
      const other = await api().get('/api/console/jobs/failed').set('X-Api-Key', keyB.key).expect(200);
      expect((other.body as { jobs: { id: string }[] }).jobs.map((j) => j.id)).toEqual(['job-b']);
    });

    it('the tenant guard rejects an unscoped query, and CROSS_TENANT lets a deliberate one through', async () => {
      await expect(Conversation.findAll({ where: {} })).rejects.toMatchObject({ code: 'tenant_scope_violation' });
      await expect(ApiKey.findOne({ where: { keyPrefix: 'x' } })).rejects.toMatchObject({ code: 'tenant_scope_violation' });
      const everything = await Conversation.findAll({ where: {}, ...CROSS_TENANT });
      expect(everything).toHaveLength(ids.conversationsA.length + ids.conversationsB.length);
    });
  });
}
