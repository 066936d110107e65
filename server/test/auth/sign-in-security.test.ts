import Redis from 'ioredis';
import request from 'supertest';
import { PASSWORD_CHANGE_REQUIRED } from '../../src/auth/authenticate';
import { AuditEntry, Tenant, User, type Role } from '../../src/auth/models';
import { createUser } from '../../src/auth/users';
import { clientAddress, parseProxyTrust } from '../../src/http/client-address';
import { describeWithServices } from '../support/test-database';
import { testServiceUrls } from '../support/service-urls';
import { freshMysqlUrl, openTestRuntime, type TestRuntime } from './console-test-kit';

const PASSWORD = 'correct horse battery';
const LOGIN_FAILED = 'wrong tenant, email or password';
const FREE_ATTEMPTS = 5;

type Body = { error?: { code: string; message: string }; token?: string; temporaryPassword?: string; mustChangePassword?: boolean };

/**
 * Console sign-in hardening on MariaDB + Redis: lockout shared by two processes, logout, sign out
 * everywhere, password change and reset, disabling, and the role and tenant rules on each.
 */
describeWithServices('console sign-in security (two app instances sharing Redis)', () => {
  let first: TestRuntime;
  let second: TestRuntime;
  const redisClients: Redis[] = [];
  const users = {} as Record<'ownerA' | 'adminA' | 'agentA' | 'ownerB', number>;
  let address = 0;

  // Each test signs in from its own address (through the trusted-proxy header), so the per-address
  // counter of one test does not lock out the next; the address test then reuses one on purpose.
  const nextAddress = () => `198.51.100.${++address}`;
  const login = (server: TestRuntime, from: string, email: string, password: string, tenantKey = 'sec-a') =>
    request(server.server).post('/api/console/login').set('X-Forwarded-For', from).send({ tenantKey, email, password });
  const tokenOf = async (email: string, password = PASSWORD, tenantKey = 'sec-a') => {
    const response = await login(first, nextAddress(), email, password, tenantKey).expect(200);
    return (response.body as Body).token!;
  };
  const api = (server: TestRuntime = first) => request(server.server);
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const me = (token: string) => api().get('/api/console/me').set(bearer(token));
  const newUser = async (email: string, role: Role, tenantKey = 'sec-a') => {
    const tenant = await Tenant.findOne({ where: { key: tenantKey } });
    return createUser(tenant!.id, { email, password: PASSWORD, role });
  };

  beforeAll(async () => {
    const url = await freshMysqlUrl('signin');
    const keyPrefix = `kefu-test-signin-${process.env.JEST_WORKER_ID ?? '0'}-${Date.now()}`;
    const open = async () => {
      const redis = new Redis(testServiceUrls().redis, { enableOfflineQueue: true, maxRetriesPerRequest: 2 });
      redisClients.push(redis);
      return openTestRuntime(url, { redis, keyPrefix, loginPolicy: { freeAttemptsPerAccount: FREE_ATTEMPTS, freeAttemptsPerAddress: 8 }, before: [clientAddress(parseProxyTrust('1'))] });
    };
    first = await open();
    second = await open();
    const a = await Tenant.create({ key: 'sec-a', name: 'Shop A', orderNumberPattern: null });
    const b = await Tenant.create({ key: 'sec-b', name: 'Shop B', orderNumberPattern: null });
    users.ownerA = (await createUser(a.id, { email: 'owner@a.test', password: PASSWORD, role: 'owner' })).id;
    users.adminA = (await createUser(a.id, { email: 'admin@a.test', password: PASSWORD, role: 'admin' })).id;
    users.agentA = (await createUser(a.id, { email: 'agent@a.test', password: PASSWORD, role: 'agent' })).id;
    users.ownerB = (await createUser(b.id, { email: 'owner@b.test', password: PASSWORD, role: 'owner' })).id;
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    for (const client of redisClients) client.disconnect();
  });

  describe('lockout', () => {
    /** Five wrong passwords split across the two instances, then the right one on each. */
    async function failThenTryRight(email: string) {
      const from = nextAddress();
      const answers: { status: number; body: unknown; retryAfter: string | undefined }[] = [];
      for (let n = 0; n < FREE_ATTEMPTS; n += 1) {
        const response = await login(n % 2 === 0 ? first : second, from, email, `wrong ${n}`);
        answers.push({ status: response.status, body: response.body, retryAfter: response.headers['retry-after'] });
      }
      for (const server of [first, second]) {
        const response = await login(server, from, email, PASSWORD);
        answers.push({ status: response.status, body: response.body, retryAfter: response.headers['retry-after'] });
      }
      return answers;
    }

    it('locks an account after five failures counted across both instances, even for the right password', async () => {
      await newUser('target@a.test', 'agent');
      const answers = await failThenTryRight('target@a.test');
      expect(answers.slice(0, FREE_ATTEMPTS).map((a) => a.status)).toEqual(Array(FREE_ATTEMPTS).fill(401));
      for (const locked of answers.slice(FREE_ATTEMPTS)) {
        expect(locked.status).toBe(429);
        expect(Number(locked.retryAfter)).toBeGreaterThan(0);
        expect((locked.body as Body).error?.code).toBe('rate_limited');
      }
      // The merchant can see when and for how long the account got locked: one audited failure set the lock.
      const failures = await AuditEntry.findAll({ where: { tenantId: (await Tenant.findOne({ where: { key: 'sec-a' } }))!.id, action: 'login.failed' } });
      const locking = failures.filter((entry) => entry.details.email === 'target@a.test' && Number(entry.details.accountLockSeconds) > 0);
      expect(locking).toHaveLength(1);
    });

    it('answers an unknown email exactly like a known one, lock included', async () => {
      await newUser('known@a.test', 'agent');
      const known = await failThenTryRight('known@a.test');
      const unknown = await failThenTryRight('ghost@a.test');
      // The wait is stated in seconds and may tick between the two runs; everything else must be identical.
      const withoutSeconds = (body: unknown) => JSON.parse(JSON.stringify(body).replace(/\d+s\b/g, 'Ns')) as unknown;
      const shape = (answers: typeof known) => answers.map((a) => ({ status: a.status, body: withoutSeconds(a.body), hasRetryAfter: a.retryAfter !== undefined }));
      expect(shape(unknown)).toEqual(shape(known));
      expect((known[0]!.body as Body).error?.message).toBe(LOGIN_FAILED);
    });

    it('four failures then the right password still signs in, and resets the count', async () => {
      await newUser('typo@a.test', 'agent');
      const from = nextAddress();
      for (let n = 0; n < FREE_ATTEMPTS - 1; n += 1) await login(second, from, 'typo@a.test', 'typo').expect(401);
      await login(first, from, 'typo@a.test', PASSWORD).expect(200);
      // A second address: this one's own (more generous) budget is not what this test is about.
      const elsewhere = nextAddress();
      for (let n = 0; n < FREE_ATTEMPTS - 1; n += 1) await login(first, elsewhere, 'typo@a.test', 'typo').expect(401);
      await login(second, elsewhere, 'typo@a.test', PASSWORD).expect(200);
    });

    it('a burst of parallel guesses gets at most one verification past the free attempts', async () => {
      await newUser('burst@a.test', 'agent');
      // Each guess from its own address, so only the account's lock is at work.
      const guesses = Array.from({ length: 12 }, (_, n) => login(n % 2 === 0 ? first : second, nextAddress(), 'burst@a.test', `guess ${n}`));
      const statuses = (await Promise.all(guesses)).map((response) => response.status);
      expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(FREE_ATTEMPTS + 1);
      expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
    });

    it('locks an address that sprays many emails, without locking the accounts elsewhere', async () => {
      const from = nextAddress();
      const statuses: number[] = [];
      for (let n = 0; n < 9; n += 1) statuses.push((await login(n % 2 === 0 ? first : second, from, `spray${n}@a.test`, 'guess')).status);
      expect(statuses).toEqual([...Array(8).fill(401), 429]);
      await login(first, from, 'admin@a.test', PASSWORD).expect(429);
      await login(first, nextAddress(), 'admin@a.test', PASSWORD).expect(200);
    });
  });

  describe('logout and sign out everywhere', () => {
    it('logout kills that token only; the same user\'s other session keeps working', async () => {
      const laptop = await tokenOf('agent@a.test');
      const phone = await tokenOf('agent@a.test');
      await api().post('/api/console/logout').set(bearer(laptop)).expect(204);
      const refused = await me(laptop).expect(401);
      expect((refused.body as Body).error?.message).toBe('console session signed out');
      await api(second).get('/api/console/me').set(bearer(laptop)).expect(401);
      await me(phone).expect(200);
      const audit = await AuditEntry.findAll({ where: { tenantId: (await Tenant.findOne({ where: { key: 'sec-a' } }))!.id, action: 'user.logged_out' } });
      expect(audit.map((e) => e.actorId)).toContain(String(users.agentA));
    });

    it('an API key cannot log out', async () => {
      // Logout is about a user token; an integration key is revoked through /api-keys instead.
      const admin = await tokenOf('admin@a.test');
      const created = await api().post('/api/console/api-keys').set(bearer(admin)).send({ name: 'k', role: 'agent' }).expect(201);
      await api().post('/api/console/logout').set('X-Api-Key', (created.body as { key: string }).key).expect(403);
    });

    it('sign out everywhere kills every session of the user and nobody else\'s', async () => {
      const user = await newUser('everywhere@a.test', 'agent');
      const one = await tokenOf(user.email);
      const two = await tokenOf(user.email);
      const someoneElse = await tokenOf('admin@a.test');
      await api().post('/api/console/me/sign-out-everywhere').set(bearer(one)).expect(204);
      await me(one).expect(401);
      await me(two).expect(401);
      await me(someoneElse).expect(200);
      await me(await tokenOf(user.email)).expect(200);
    });

    it('an admin signs out another user everywhere; not an owner, not another tenant\'s user', async () => {
      const user = await newUser('signedout@a.test', 'viewer');
      const session = await tokenOf(user.email);
      const admin = await tokenOf('admin@a.test');
      await api().post(`/api/console/users/${user.id}/sign-out-everywhere`).set(bearer(admin)).expect(204);
      await me(session).expect(401);
      const owner = await tokenOf('owner@a.test');
      await api().post(`/api/console/users/${users.ownerA}/sign-out-everywhere`).set(bearer(admin)).expect(403);
      await me(owner).expect(200);
      await api().post(`/api/console/users/${users.ownerB}/sign-out-everywhere`).set(bearer(owner)).expect(404);
      await api().post(`/api/console/users/${user.id}/sign-out-everywhere`).set(bearer(await tokenOf('agent@a.test'))).expect(403);
    });
  });

  describe('passwords', () => {
    it('change requires the current password, signs the other sessions out and keeps this one on a new token', async () => {
      const user = await newUser('changer@a.test', 'agent');
      const here = await tokenOf(user.email);
      const elsewhere = await tokenOf(user.email);
      await api().post('/api/console/me/password').set(bearer(here)).send({ currentPassword: 'not it', newPassword: 'a brand new secret' }).expect(403);
      await me(elsewhere).expect(200);
      await api().post('/api/console/me/password').set(bearer(here)).send({ newPassword: 'a brand new secret' }).expect(400);

      const changed = await api().post('/api/console/me/password').set(bearer(here)).send({ currentPassword: PASSWORD, newPassword: 'a brand new secret' }).expect(200);
      await me((changed.body as Body).token!).expect(200);
      await me(elsewhere).expect(401);
      await me(here).expect(401);
      await login(first, nextAddress(), user.email, PASSWORD).expect(401);
      await login(first, nextAddress(), user.email, 'a brand new secret').expect(200);
    });

    it('guessing the current password locks the account like the login form does', async () => {
      const user = await newUser('stolen@a.test', 'agent');
      const stolen = await tokenOf(user.email);
      const from = nextAddress();
      const change = (currentPassword: string) =>
        api(second).post('/api/console/me/password').set(bearer(stolen)).set('X-Forwarded-For', from).send({ currentPassword, newPassword: 'attacker chosen' });
      for (let n = 0; n < FREE_ATTEMPTS; n += 1) await change(`guess ${n}`).expect(403);
      await change(PASSWORD).expect(429);
      await login(first, nextAddress(), user.email, PASSWORD).expect(429);
      await api().post('/api/console/me/password').set(bearer(stolen)).send({ currentPassword: PASSWORD, newPassword: PASSWORD }).expect(400);
    });

    it('an admin resets an agent: a one-time temporary password that opens only the change-password route', async () => {
      const user = await newUser('forgetful@a.test', 'agent');
      const old = await tokenOf(user.email);
      const admin = await tokenOf('admin@a.test');
      const reset = await api().post(`/api/console/users/${user.id}/reset-password`).set(bearer(admin)).expect(200);
      const { temporaryPassword } = reset.body as Body;
      expect(temporaryPassword).toMatch(/^[\w-]{16}$/);
      await me(old).expect(401);

      const signedIn = await login(first, nextAddress(), user.email, temporaryPassword!).expect(200);
      expect((signedIn.body as Body).mustChangePassword).toBe(true);
      const pending = (signedIn.body as Body).token!;
      const blocked = await api().get('/api/console/conversations').set(bearer(pending)).expect(403);
      expect((blocked.body as Body).error?.message).toBe(PASSWORD_CHANGE_REQUIRED);
      expect(((await me(pending).expect(200)).body as Body).mustChangePassword).toBe(true);
      const changed = await api().post('/api/console/me/password').set(bearer(pending)).send({ currentPassword: temporaryPassword, newPassword: 'chosen by me' }).expect(200);
      await api().get('/api/console/conversations').set(bearer((changed.body as Body).token!)).expect(200);
      // One-time: the temporary password is gone once changed.
      await login(first, nextAddress(), user.email, temporaryPassword!).expect(401);

      const audit = await AuditEntry.findAll({ where: { tenantId: user.tenantId, targetType: 'user', targetId: String(user.id) } });
      expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['user.password_reset', 'user.password_changed']));
      expect(JSON.stringify(audit.map((e) => e.details))).not.toContain(temporaryPassword);
      expect((await User.findOne({ where: { tenantId: user.tenantId, id: user.id } }))?.mustChangePassword).toBe(false);
    });

    it('reset: an agent is refused (403), an admin on an owner is refused (403), another tenant\'s user is 404', async () => {
      const user = await newUser('resettarget@a.test', 'viewer');
      const before = (await User.findOne({ where: { tenantId: user.tenantId, id: user.id } }))!.passwordHash;
      await api().post(`/api/console/users/${user.id}/reset-password`).set(bearer(await tokenOf('agent@a.test'))).expect(403);
      const admin = await tokenOf('admin@a.test');
      await api().post(`/api/console/users/${users.ownerA}/reset-password`).set(bearer(admin)).expect(403);
      await api().post(`/api/console/users/${users.ownerB}/reset-password`).set(bearer(await tokenOf('owner@a.test'))).expect(404);
      await api().post(`/api/console/users/${users.ownerB}/reset-password`).set(bearer(admin)).expect(404);
      expect((await User.findOne({ where: { tenantId: user.tenantId, id: user.id } }))!.passwordHash).toBe(before);
      await tokenOf('owner@a.test');
      await tokenOf('owner@b.test', PASSWORD, 'sec-b');
    });
  });

  describe('disabling users', () => {
    it('a disabled user is refused at once (401) and enabling does not revive old tokens', async () => {
      const user = await newUser('leaver@a.test', 'agent');
      const session = await tokenOf(user.email);
      const admin = await tokenOf('admin@a.test');
      const disabled = await api().post(`/api/console/users/${user.id}/disable`).set(bearer(admin)).expect(200);
      expect((disabled.body as { disabledAt: string | null }).disabledAt).toEqual(expect.any(String));
      await me(session).expect(401);
      await login(first, nextAddress(), user.email, PASSWORD).expect(401);
      await api().post(`/api/console/users/${user.id}/enable`).set(bearer(admin)).expect(200);
      await me(session).expect(401);
      await me(await tokenOf(user.email)).expect(200);
      const actions = (await AuditEntry.findAll({ where: { tenantId: user.tenantId, targetType: 'user', targetId: String(user.id) } })).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['user.disabled', 'user.enabled']));
    });

    it('an admin cannot disable an owner or themselves, an agent nobody, and another tenant\'s id is 404', async () => {
      const admin = await tokenOf('admin@a.test');
      await api().post(`/api/console/users/${users.ownerA}/disable`).set(bearer(admin)).expect(403);
      await api().post(`/api/console/users/${users.adminA}/disable`).set(bearer(admin)).expect(403);
      await api().post(`/api/console/users/${users.adminA}/disable`).set(bearer(await tokenOf('agent@a.test'))).expect(403);
      await api().post(`/api/console/users/${users.ownerB}/disable`).set(bearer(await tokenOf('owner@a.test'))).expect(404);
      await api().post('/api/console/users/abc/disable').set(bearer(admin)).expect(400);
      await tokenOf('owner@b.test', PASSWORD, 'sec-b');
      await me(admin).expect(200);
    });
  });
});
