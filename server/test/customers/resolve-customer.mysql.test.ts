import { tmpdir } from 'node:os';
import { AuditLog } from '../../src/auth/audit-log';
import { AuditEntry, Tenant } from '../../src/auth/models';
import { ensureChannelAccount } from '../../src/channels/channel-account-service';
import type { ChannelAccount } from '../../src/channels/models';
import { upsertChannelIdentity } from '../../src/customers/identity-service';
import { ChannelIdentity, Customer } from '../../src/customers/models';
import { resolveCustomer } from '../../src/customers/resolve-customer';
import { openDatabase, type Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { freshMysqlDatabase } from '../support/test-database';

const describeMysql = process.env.KEFU_TEST_MYSQL_OK === '0' ? describe.skip : describe;

describeMysql('resolveCustomer on MariaDB', () => {
  let db: Database;
  const audit = new AuditLog();
  let tenant: Tenant;
  let otherTenant: Tenant;
  let wechat: ChannelAccount;
  /** WeCom kf shares the WeChat Open Platform unionid scope with the Official Account. */
  let wecomKf: ChannelAccount;
  let douyin: ChannelAccount;
  let otherTenantWechat: ChannelAccount;
  let seq = 0;
  const uniq = (label: string) => `${label}-${(seq += 1)}-${Date.now()}`;

  beforeAll(async () => {
    const url = await freshMysqlDatabase('resolve');
    db = await openDatabase({ url, dataDir: tmpdir(), logger: createLogger('silent'), migrate: true });
    tenant = await Tenant.create({ key: 'resolve-a', name: 'Shop A', orderNumberPattern: null });
    otherTenant = await Tenant.create({ key: 'resolve-b', name: 'Shop B', orderNumberPattern: null });
    wechat = await ensureChannelAccount(tenant.id, 'wechat', 'wx-app-a', 'WeChat A');
    wecomKf = await ensureChannelAccount(tenant.id, 'wecom-kf', 'ww-corp-a', 'WeCom kf A');
    douyin = await ensureChannelAccount(tenant.id, 'douyin', 'dy-app-a', 'Douyin A');
    otherTenantWechat = await ensureChannelAccount(otherTenant.id, 'wechat', 'wx-app-b', 'WeChat B');
  });

  afterAll(async () => {
    await db?.close();
  });

  /** Re-reads an identity (instance.reload() has no tenant condition, which the tenant guard refuses). */
  const fresh = async (identity: ChannelIdentity) => {
    const row = await ChannelIdentity.findOne({ where: { tenantId: identity.tenantId, id: identity.id } });
    if (!row) throw new Error(`identity ${identity.id} vanished`);
    return row;
  };

  const resolve = (tenantId: number, channelIdentityId: number, verifiedCustomerRef?: string) =>
    resolveCustomer(db.sequelize, audit, { tenantId, channelIdentityId, verifiedCustomerRef });

  it('ensureChannelAccount is idempotent', async () => {
    const again = await ensureChannelAccount(tenant.id, 'wechat', 'wx-app-a', 'renamed');
    expect(again.id).toBe(wechat.id);
  });

  it('gives a new identity a new customer, and the same one on the next call', async () => {
    const identity = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId: uniq('openid'), displayName: '小王' });
    const first = await resolve(tenant.id, identity.id);
    expect(first.via).toBe('created');
    expect(first.verified).toBe(false);
    expect(first.customer.tenantId).toBe(tenant.id);
    expect(first.customer.displayName).toBe('小王');
    const identityNow = await fresh(identity);
    expect(identityNow.customerId).toBe(first.customer.id);

    const second = await resolve(tenant.id, identity.id);
    expect(second.via).toBe('existing');
    expect(second.customer.id).toBe(first.customer.id);
  });

  it('links an identity on another account of the same union scope with the same unionId to the same customer, audited', async () => {
    const unionId = uniq('union');
    const onWechat = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId: uniq('openid'), unionId });
    const onWecomKf = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wecomKf.id, externalId: uniq('dy'), unionId });
    const first = await resolve(tenant.id, onWechat.id);
    expect(first.via).toBe('created');

    const linked = await resolve(tenant.id, onWecomKf.id);
    expect(linked.via).toBe('union_id');
    expect(linked.customer.id).toBe(first.customer.id);
    const onWecomKfNow = await fresh(onWecomKf);
    expect(onWecomKfNow.customerId).toBe(first.customer.id);

    const entries = await AuditEntry.findAll({ where: { tenantId: tenant.id, action: 'customer.linked', targetId: String(onWecomKf.id) } });
    expect(entries).toHaveLength(1);
    expect(entries[0].actorType).toBe('system');
    expect(entries[0].targetType).toBe('channel_identity');
    expect(entries[0].details).toMatchObject({ evidence: 'union_id', customerId: first.customer.id, siblingIdentityId: onWechat.id });
    expect(await Customer.count({ where: { tenantId: tenant.id, id: first.customer.id } })).toBe(1);
  });

  it('an identity that learns its unionId later is linked on the next resolution', async () => {
    const unionId = uniq('union-late');
    const known = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId: uniq('openid'), unionId });
    const owner = await resolve(tenant.id, known.id);
    const externalId = uniq('dy');
    await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wecomKf.id, externalId });
    const updated = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wecomKf.id, externalId, unionId });
    expect(updated.unionId).toBe(unionId);
    const linked = await resolve(tenant.id, updated.id);
    expect(linked.via).toBe('union_id');
    expect(linked.customer.id).toBe(owner.customer.id);
  });

  it('does not link the same union id across union scopes (a Douyin union_id is not a WeChat unionid)', async () => {
    const unionId = uniq('union-scope');
    const onWechat = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId: uniq('openid'), unionId });
    const onDouyin = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: douyin.id, externalId: uniq('dy'), unionId });
    expect([onWechat.unionScope, onDouyin.unionScope]).toEqual(['wechat-open-platform', 'douyin-developer']);
    const first = await resolve(tenant.id, onWechat.id);
    const second = await resolve(tenant.id, onDouyin.id);
    expect(second.via).toBe('created');
    expect(second.customer.id).not.toBe(first.customer.id);
  });

  it("uses the account's own union_scope over the platform default, and the caller's over both", async () => {
    const otherOpenPlatform = await ensureChannelAccount(tenant.id, 'wechat', 'wx-app-second-open-platform', 'WeChat on a second Open Platform account');
    await otherOpenPlatform.update({ unionScope: 'wechat-open:second' });
    const unionId = uniq('union-explicit');
    const a = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId: uniq('openid'), unionId });
    const b = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: otherOpenPlatform.id, externalId: uniq('openid'), unionId });
    expect(b.unionScope).toBe('wechat-open:second');
    const ra = await resolve(tenant.id, a.id);
    expect((await resolve(tenant.id, b.id)).customer.id).not.toBe(ra.customer.id);
    const c = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: douyin.id, externalId: uniq('dy'), unionId, unionScope: 'wechat-open-platform' });
    const rc = await resolve(tenant.id, c.id);
    expect(rc).toMatchObject({ via: 'union_id' });
    expect(rc.customer.id).toBe(ra.customer.id);
  });

  it('does not merge identities that only share a display name', async () => {
    const a = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId: uniq('openid'), displayName: '张三' });
    const b = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: douyin.id, externalId: uniq('dy'), displayName: '张三' });
    const ra = await resolve(tenant.id, a.id);
    const rb = await resolve(tenant.id, b.id);
    expect(ra.via).toBe('created');
    expect(rb.via).toBe('created');
    expect(rb.customer.id).not.toBe(ra.customer.id);
    const links = await AuditEntry.count({ where: { tenantId: tenant.id, action: 'customer.linked', targetId: String(b.id) } });
    expect(links).toBe(0);
  });

  it('links a verified merchant reference to the customer with that externalRef and marks it verified', async () => {
    const ref = uniq('merchant-cust');
    const existing = await Customer.create({ tenantId: tenant.id, displayName: 'VIP', externalRef: ref, phoneEncrypted: null, phoneHash: null, addressEncrypted: null, memberLevel: 'gold' });
    const identity = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId: uniq('openid') });
    // The visitor first chatted anonymously and got a customer of its own.
    const anonymous = await resolve(tenant.id, identity.id);
    expect(anonymous.via).toBe('created');
    expect(anonymous.customer.id).not.toBe(existing.id);

    const verified = await resolve(tenant.id, identity.id, ref);
    expect(verified.via).toBe('verified_ref');
    expect(verified.verified).toBe(true);
    expect(verified.customer.id).toBe(existing.id);
    const identityNow = await fresh(identity);
    expect(identityNow.customerId).toBe(existing.id);
    expect(identityNow.verified).toBe(true);
    const entry = await AuditEntry.findOne({ where: { tenantId: tenant.id, action: 'customer.linked', targetId: String(identity.id) } });
    expect(entry?.details).toMatchObject({ evidence: 'verified_ref', customerId: existing.id });

    const again = await resolve(tenant.id, identity.id, ref);
    expect(again.via).toBe('existing');
    expect(again.verified).toBe(true);
    expect(again.customer.id).toBe(existing.id);
    const withoutRef = await resolve(tenant.id, identity.id);
    expect(withoutRef).toMatchObject({ via: 'existing', verified: true });
    expect(withoutRef.customer.id).toBe(existing.id);
  });

  it('creates the customer for an unknown verified reference once, shared by every identity proving it', async () => {
    const ref = uniq('new-ref');
    const a = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId: uniq('openid') });
    const b = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: douyin.id, externalId: uniq('dy') });
    const ra = await resolve(tenant.id, a.id, ref);
    const rb = await resolve(tenant.id, b.id, ref);
    expect(ra.via).toBe('verified_ref');
    expect(rb.via).toBe('verified_ref');
    expect(rb.customer.id).toBe(ra.customer.id);
    expect(await Customer.count({ where: { tenantId: tenant.id, externalRef: ref } })).toBe(1);
  });

  it('resolving the same new identity five times concurrently yields exactly one customer', async () => {
    // Several rounds, because one round of a lost-update race can pass by luck of scheduling.
    for (let round = 0; round < 4; round += 1) {
      const identity = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId: uniq('openid'), displayName: 'race' });
      const before = await Customer.count({ where: { tenantId: tenant.id } });
      const results = await Promise.all(Array.from({ length: 5 }, () => resolve(tenant.id, identity.id)));
      const ids = new Set(results.map((r) => r.customer.id));
      expect({ round, customers: ids.size }).toEqual({ round, customers: 1 });
      expect(results.filter((r) => r.via === 'created')).toHaveLength(1);
      expect(await Customer.count({ where: { tenantId: tenant.id } })).toBe(before + 1);
      const identityNow = await fresh(identity);
      expect(identityNow.customerId).toBe([...ids][0]);
    }
  });

  it('two identities sharing a unionId, resolved concurrently, end up with one customer', async () => {
    for (let round = 0; round < 3; round += 1) {
      const unionId = uniq('union-race');
      const a = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId: uniq('openid'), unionId });
      const b = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wecomKf.id, externalId: uniq('dy'), unionId });
      const [ra, rb] = await Promise.all([resolve(tenant.id, a.id), resolve(tenant.id, b.id)]);
      expect({ round, same: ra.customer.id === rb.customer.id }).toEqual({ round, same: true });
      expect([ra.via, rb.via].sort()).toEqual(['created', 'union_id']);
    }
  });

  it('upserting the same identity concurrently yields one row', async () => {
    const externalId = uniq('openid');
    const identities = await Promise.all(
      Array.from({ length: 5 }, () => upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId })),
    );
    expect(new Set(identities.map((i) => i.id)).size).toBe(1);
    expect(await ChannelIdentity.count({ where: { tenantId: tenant.id, channelAccountId: wechat.id, externalId } })).toBe(1);
  });

  it('never links across tenants, even with the same unionId', async () => {
    const unionId = uniq('union-shared');
    const inA = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId: uniq('openid'), unionId });
    const inB = await upsertChannelIdentity({ tenantId: otherTenant.id, channelAccountId: otherTenantWechat.id, externalId: uniq('openid'), unionId });
    const ra = await resolve(tenant.id, inA.id);
    const rb = await resolve(otherTenant.id, inB.id);
    expect(rb.via).toBe('created');
    expect(rb.customer.id).not.toBe(ra.customer.id);
    expect(rb.customer.tenantId).toBe(otherTenant.id);
    expect(await AuditEntry.count({ where: { tenantId: otherTenant.id, action: 'customer.linked' } })).toBe(0);
  });

  it("cannot resolve another tenant's identity by id", async () => {
    const inA = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId: uniq('openid') });
    await expect(resolve(otherTenant.id, inA.id)).rejects.toThrow(/not found/);
    const inANow = await fresh(inA);
    expect(inANow.customerId).toBeNull();
  });

  it('a verified reference of another tenant is a different customer', async () => {
    const ref = uniq('shared-ref');
    const inA = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: wechat.id, externalId: uniq('openid') });
    const inB = await upsertChannelIdentity({ tenantId: otherTenant.id, channelAccountId: otherTenantWechat.id, externalId: uniq('openid') });
    const ra = await resolve(tenant.id, inA.id, ref);
    const rb = await resolve(otherTenant.id, inB.id, ref);
    expect(rb.customer.id).not.toBe(ra.customer.id);
    expect(rb.customer.tenantId).toBe(otherTenant.id);
  });
});
