import { randomBytes } from 'node:crypto';
import { Tenant } from '../../src/auth/models';
import { ensureChannelAccount } from '../../src/channels/channel-account-service';
import { Conversation } from '../../src/conversations/models';
import { upsertChannelIdentity } from '../../src/customers/identity-service';
import { openDatabase, type Database } from '../../src/db/database';
import { createMigrator } from '../../src/db/migrator';
import { createLogger } from '../../src/logger';
import { countProofFailure, isProofBlocked, PROOF_LIMITS, type ProofSubject } from '../../src/order-proof/attempt-limits';
import { OrderProofCode } from '../../src/order-proof/models';
import { checkProofCode, CODE_TTL_MS, DAILY_CODES_PER_PHONE, hasVerifiedCode, issueProofCode, MAX_CODE_TRIES, RESEND_COOLDOWN_MS } from '../../src/order-proof/proof-codes';

const MINUTE_MS = 60 * 1000;

/**
 * The proof limits and one-time codes on whichever database `databaseUrl` gives: the clock is a
 * parameter of every call, so windows, backoff, locks and expiry are stepped through, not waited out.
 */
export function proofStoreSuite(databaseUrl: () => Promise<string>): void {
  let db: Database;
  let tenantId: number;
  let conversationId: number;
  const key = randomBytes(32);
  let seq = 0;
  const orderSubject = (): ProofSubject => ({ scope: 'order', subject: `E${Date.now()}${(seq += 1)}` });
  const at = (start: Date, ms: number) => new Date(start.getTime() + ms);

  beforeAll(async () => {
    db = await openDatabase({ url: await databaseUrl(), dataDir: '/tmp', logger: createLogger('silent'), migrate: true });
    tenantId = (await Tenant.create({ key: `proof-${Date.now()}`, name: 'Proof shop', orderNumberPattern: null })).id;
    const account = await ensureChannelAccount(tenantId, 'web', 'web', '网站');
    const identity = await upsertChannelIdentity({ tenantId, channelAccountId: account.id, externalId: 'v_proof' });
    conversationId = (await Conversation.create({ tenantId, customerId: null, channelAccountId: account.id, channelIdentityId: identity.id, status: 'open', lastMessageAt: null })).id;
  });
  afterAll(() => db?.close());

  it('frees the first tries, doubles the wait after each later miss, locks at the limit and alerts once', async () => {
    const subject = orderSubject();
    const limit = PROOF_LIMITS.order;
    const start = new Date('2026-12-01T00:00:00Z');
    let now = start;
    const waits: number[] = [];
    for (let miss = 1; miss < limit.max; miss += 1) {
      expect(await countProofFailure(tenantId, [subject], now)).toEqual([]);
      // Find the wait by asking: blocked just before it ends, free at its end.
      let wait = 0;
      while (await isProofBlocked(tenantId, [subject], at(now, wait))) wait += limit.backoffMs / 2;
      waits.push(wait);
      now = at(now, wait);
    }
    expect(waits).toEqual([...Array(limit.free).fill(0), ...Array.from({ length: limit.max - limit.free - 1 }, (_, i) => limit.backoffMs * 2 ** i)]);
    const locks = await countProofFailure(tenantId, [subject], now);
    expect(locks).toEqual([expect.objectContaining({ scope: 'order', failures: limit.max })]);
    expect(await isProofBlocked(tenantId, [subject], at(now, limit.lockMs - 1))).toBe(true);
    expect(await isProofBlocked(tenantId, [subject], at(now, limit.lockMs))).toBe(false);
    // Once the lock and the window are over, counting starts afresh.
    expect(await countProofFailure(tenantId, [subject], at(now, limit.lockMs))).toEqual([]);
    expect(await isProofBlocked(tenantId, [subject], at(now, limit.lockMs))).toBe(false);
  });

  it('loses no count when misses arrive at once, and reports the lock to exactly one caller', async () => {
    const subject = orderSubject();
    const now = new Date('2026-12-02T00:00:00Z');
    const results = await Promise.all(Array.from({ length: PROOF_LIMITS.order.max }, () => countProofFailure(tenantId, [subject], now)));
    expect(results.flat()).toHaveLength(1);
    expect(await isProofBlocked(tenantId, [subject], at(now, PROOF_LIMITS.order.lockMs - 1))).toBe(true);
  });

  it('blocks a proof when any one of its subjects is blocked', async () => {
    const locked = orderSubject();
    const other = orderSubject();
    const now = new Date('2026-12-03T00:00:00Z');
    for (let i = 0; i < PROOF_LIMITS.order.max; i += 1) await countProofFailure(tenantId, [locked], now);
    expect(await isProofBlocked(tenantId, [other], now)).toBe(false);
    expect(await isProofBlocked(tenantId, [other, locked], now)).toBe(true);
  });

  const target = () => ({ tenantId, conversationId, orderNo: `E${(seq += 1)}` });
  const phone = () => `139${String((seq += 1)).padStart(8, '0')}`;

  it('verifies a code once, within its lifetime, and keeps no code or phone in the row', async () => {
    const t = target();
    const p = phone();
    const now = new Date();
    const issued = await issueProofCode(key, t, p, now);
    if (!issued.issued) throw new Error('no code issued');
    expect(issued.code).toMatch(/^\d{6}$/);
    const row = await OrderProofCode.findOne({ where: { tenantId, id: issued.id } });
    expect(JSON.stringify(row!.toJSON())).not.toContain(issued.code);
    expect(JSON.stringify(row!.toJSON())).not.toContain(p);
    expect(await checkProofCode(key, t, issued.code, at(now, CODE_TTL_MS - 1))).toEqual({ verified: true });
    expect(await hasVerifiedCode(t, at(now, CODE_TTL_MS))).toBe(true);
    expect(await checkProofCode(key, t, issued.code, at(now, CODE_TTL_MS - 1))).toEqual({ verified: false, triesLeft: 0 });
  });

  it('refuses an expired code and a code after its tries, even when right', async () => {
    const now = new Date();
    const expired = target();
    const first = await issueProofCode(key, expired, phone(), now);
    if (!first.issued) throw new Error('no code issued');
    expect(await checkProofCode(key, expired, first.code, at(now, CODE_TTL_MS))).toEqual({ verified: false, triesLeft: 0 });

    const guessed = target();
    const second = await issueProofCode(key, guessed, phone(), now);
    if (!second.issued) throw new Error('no code issued');
    const wrong = String((Number(second.code) + 1) % 1_000_000).padStart(6, '0');
    const answers = await Promise.all(Array.from({ length: MAX_CODE_TRIES + 2 }, () => checkProofCode(key, guessed, wrong, now)));
    expect(answers.every((a) => !a.verified)).toBe(true);
    expect((await OrderProofCode.findOne({ where: { tenantId, id: second.id } }))!.attempts).toBe(MAX_CODE_TRIES);
    expect(await checkProofCode(key, guessed, second.code, now)).toEqual({ verified: false, triesLeft: 0 });
  });

  it('sends a phone one code a minute and a few a day', async () => {
    const p = phone();
    const start = new Date('2026-12-04T00:00:00Z');
    expect((await issueProofCode(key, target(), p, start)).issued).toBe(true);
    expect(await issueProofCode(key, target(), p, at(start, RESEND_COOLDOWN_MS - 1))).toEqual({ issued: false, reason: 'cooldown' });
    for (let i = 1; i < DAILY_CODES_PER_PHONE; i += 1) expect((await issueProofCode(key, target(), p, at(start, i * RESEND_COOLDOWN_MS))).issued).toBe(true);
    expect(await issueProofCode(key, target(), p, at(start, 10 * MINUTE_MS))).toEqual({ issued: false, reason: 'daily_cap' });
    expect((await issueProofCode(key, target(), p, at(start, 24 * 60 * MINUTE_MS + 1))).issued).toBe(true);
  });

  it('sends one code when requests for a phone race', async () => {
    const p = phone();
    const now = new Date('2026-12-05T00:00:00Z');
    const results = await Promise.all(Array.from({ length: 4 }, () => issueProofCode(key, target(), p, now)));
    expect(results.filter((r) => r.issued)).toHaveLength(1);
    expect(results.filter((r) => !r.issued && r.reason === 'cooldown')).toHaveLength(3);
  });

  it('takes migration 0013 down and up again', async () => {
    const migrator = createMigrator(db.sequelize, createLogger('silent'));
    const qi = db.sequelize.getQueryInterface();
    const tables = async () => (await qi.showAllTables()).map((t) => (typeof t === 'string' ? t : (t as { tableName: string }).tableName));
    await migrator.down({ to: '0013-order-proof-limits-and-codes' });
    expect(await tables()).not.toContain('order_proof_counters');
    expect(Object.keys(await qi.describeTable('channel_identities'))).not.toContain('last_ip');
    await migrator.up();
    expect(await tables()).toEqual(expect.arrayContaining(['order_proof_counters', 'order_proof_codes']));
    expect(Object.keys(await qi.describeTable('channel_identities'))).toContain('last_ip');
  });
}
