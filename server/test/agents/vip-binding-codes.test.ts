import { AuditLog } from '../../src/auth/audit-log';
import { AuditEntry, Tenant } from '../../src/auth/models';
import { BINDING_CODE_TTL_MS, issueBindingCode, redeemBindingCode } from '../../src/agents/vip-binding-codes';
import { ChannelAccount } from '../../src/channels/models';
import { ChannelIdentity, Customer } from '../../src/customers/models';
import { upsertChannelIdentity } from '../../src/customers/identity-service';
import { openDatabase, type Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { describeWithServices, freshMysqlDatabase } from '../support/test-database';

/** Binding codes on MariaDB: the code is the evidence, works once, expires, and two senders racing get one link. */
describeWithServices('VIP binding codes', () => {
  let db: Database;
  const audit = new AuditLog();
  let tenantId: number;
  let accountId: number;
  let customerId: number;
  let sequence = 0;

  beforeAll(async () => {
    db = await openDatabase({ url: await freshMysqlDatabase('vip_binding'), dataDir: '/tmp', logger: createLogger('silent'), migrate: true });
    const tenant = await Tenant.create({ key: 'vip', name: 'VIP shop', orderNumberPattern: null });
    tenantId = tenant.id;
    accountId = (await ChannelAccount.create({ tenantId, platform: 'wechaty', appId: 'vip-1', name: 'VIP', credentialsEncrypted: null, unionScope: null })).id;
    customerId = (await Customer.create({ tenantId, displayName: '张伟', externalRef: 'zhangwei', phoneEncrypted: null, phoneHash: null, addressEncrypted: null, memberLevel: 'gold' })).id;
  });
  afterAll(() => db?.close());

  const newIdentity = () => upsertChannelIdentity({ tenantId, channelAccountId: accountId, externalId: `wxid_${++sequence}` });

  it('links the sender to the code’s customer once, with the evidence audited', async () => {
    const code = await issueBindingCode(tenantId, customerId, null);
    const identity = await newIdentity();
    expect(await redeemBindingCode(db.sequelize, audit, tenantId, identity.id, code.code)).toEqual({ linked: true, customerId });
    expect(await ChannelIdentity.findOne({ where: { tenantId, id: identity.id } })).toMatchObject({ customerId, verified: true });
    const entry = await AuditEntry.findOne({ where: { tenantId, action: 'customer.linked', targetId: String(identity.id) } });
    expect(entry?.details).toMatchObject({ evidence: 'binding_code', bindingCodeId: code.id, customerId });
    expect(await redeemBindingCode(db.sequelize, audit, tenantId, (await newIdentity()).id, code.code)).toEqual({ linked: false, reason: 'already_used' });
  });

  it('refuses unknown and expired codes without linking', async () => {
    const identity = await newIdentity();
    expect(await redeemBindingCode(db.sequelize, audit, tenantId, identity.id, '000000')).toMatchObject({ linked: false });
    const code = await issueBindingCode(tenantId, customerId, null);
    const later = new Date(Date.now() + BINDING_CODE_TTL_MS + 1000);
    expect(await redeemBindingCode(db.sequelize, audit, tenantId, identity.id, code.code, later)).toEqual({ linked: false, reason: 'expired' });
    expect((await ChannelIdentity.findOne({ where: { tenantId, id: identity.id } }))?.customerId).toBeNull();
  });

  it('gives one winner when two contacts send the same code at once', async () => {
    const code = await issueBindingCode(tenantId, customerId, null);
    const [a, b] = [await newIdentity(), await newIdentity()];
    const results = await Promise.all([a, b].map((identity) => redeemBindingCode(db.sequelize, audit, tenantId, identity.id, code.code)));
    expect(results.filter((r) => r.linked)).toHaveLength(1);
  });

  it('issues codes only for the tenant’s own customers', async () => {
    const other = await Tenant.create({ key: 'other-vip', name: 'Other', orderNumberPattern: null });
    await expect(issueBindingCode(other.id, customerId, null)).rejects.toThrow('not found');
  });
});
