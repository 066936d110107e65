import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import { AuditLog } from '../../src/auth/audit-log';
import { AuditEntry, Tenant, type Role } from '../../src/auth/models';
import { issueConsoleToken } from '../../src/auth/console-tokens';
import { createUser } from '../../src/auth/users';
import { ensureChannelAccount } from '../../src/channels/channel-account-service';
import type { ChannelAccount } from '../../src/channels/models';
import { customerForRef, recordCart } from '../../src/commerce/cart-service';
import { ShoppingCart } from '../../src/commerce/cart-models';
import { Order } from '../../src/commerce/models';
import { Conversation, Message } from '../../src/conversations/models';
import { createCustomerConsoleRouter } from '../../src/customers/console-customer-routes';
import { upsertChannelIdentity } from '../../src/customers/identity-service';
import { mergeCustomers, unmergeCustomers } from '../../src/customers/merge-customers';
import { ChannelIdentity, Customer, CustomerMerge, IdentityLink } from '../../src/customers/models';
import { resolveCustomer } from '../../src/customers/resolve-customer';
import { verifiedPhone } from '../../src/customers/verified-phone';
import { openDatabase, type Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { FieldCipher } from '../../src/privacy/field-cipher';
import type { Runtime } from '../../src/runtime';
import { serveRouter } from '../support/serve-router';

const SESSION_SECRET = 's'.repeat(32);

/** Evidence-based linking, merge/unmerge and the console API, on whichever database `databaseUrl` gives. */
export function identitySuite(databaseUrl: () => Promise<string>): void {
  let db: Database;
  let server: Server;
  const audit = new AuditLog();
  const cipher = new FieldCipher(randomBytes(32));
  let tenant: Tenant;
  let otherTenant: Tenant;
  let wechat: ChannelAccount;
  let douyin: ChannelAccount;
  const tokens = {} as Record<'agent' | 'viewer' | 'otherAgent', string>;
  let agentId = 0;
  let seq = 0;
  const uniq = (label: string) => `${label}-${(seq += 1)}`;

  beforeAll(async () => {
    const logger = createLogger('silent');
    db = await openDatabase({ url: await databaseUrl(), dataDir: '/tmp', logger, migrate: true });
    tenant = await Tenant.create({ key: 'identity-a', name: 'Shop A', orderNumberPattern: null });
    otherTenant = await Tenant.create({ key: 'identity-b', name: 'Shop B', orderNumberPattern: null });
    wechat = await ensureChannelAccount(tenant.id, 'wechat', 'wx-a', '公众号');
    douyin = await ensureChannelAccount(tenant.id, 'douyin', 'dy-a', '抖音');
    const user = async (tenantId: number, role: Role) => createUser(tenantId, { email: `${role}-${tenantId}@shop.test`, password: 'password-123', role, displayName: role });
    const agent = await user(tenant.id, 'agent');
    agentId = agent.id;
    tokens.agent = issueConsoleToken({ userId: agent.id, tenantId: tenant.id, role: 'agent' }, SESSION_SECRET);
    const viewer = await user(tenant.id, 'viewer');
    tokens.viewer = issueConsoleToken({ userId: viewer.id, tenantId: tenant.id, role: 'viewer' }, SESSION_SECRET);
    const otherAgent = await user(otherTenant.id, 'agent');
    tokens.otherAgent = issueConsoleToken({ userId: otherAgent.id, tenantId: otherTenant.id, role: 'agent' }, SESSION_SECRET);
    const runtime = { logger, db, audit, cipher, secrets: { sessionSecret: SESSION_SECRET, encryptionKey: Buffer.alloc(32) } } as unknown as Runtime;
    server = serveRouter(createCustomerConsoleRouter(runtime), logger, 64 * 1024);
  });

  afterAll(async () => {
    await db?.close();
  });

  const resolve = (channelIdentityId: number, extra: Partial<Parameters<typeof resolveCustomer>[2]> = {}) => resolveCustomer(db.sequelize, audit, { tenantId: tenant.id, channelIdentityId, ...extra });
  const identityOn = (account: ChannelAccount, displayName: string | null = null) => upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: account.id, externalId: uniq('ext'), displayName });
  const customer = (fields: Partial<{ displayName: string; externalRef: string; phone: string }> = {}) =>
    Customer.create({
      tenantId: tenant.id,
      displayName: fields.displayName ?? null,
      externalRef: fields.externalRef ?? null,
      phoneEncrypted: fields.phone ? cipher.encrypt(fields.phone) : null,
      phoneHash: fields.phone ? cipher.lookupHash(fields.phone) : null,
      addressEncrypted: null,
      memberLevel: null,
    });
  const conversationOf = async (identity: ChannelIdentity, customerId: number | null, text = '你好') => {
    const conversation = await Conversation.create({ tenantId: tenant.id, customerId, channelAccountId: identity.channelAccountId, channelIdentityId: identity.id, status: 'open', lastMessageAt: new Date() });
    await Message.create({ tenantId: tenant.id, conversationId: conversation.id, channelAccountId: identity.channelAccountId, platformMessageId: uniq('pm'), role: 'shopper', kind: 'text', text, status: 'answered' });
    return conversation;
  };
  const orderOf = (customerId: number | null) =>
    Order.create({ tenantId: tenant.id, orderNo: uniq('E2026'), customerId, status: 'paid', items: [{ sku: 'S1', name: '卫衣', quantity: 1, priceCents: 19900 }] as never, totalCents: 19900, recipientName: null, phoneEncrypted: null, addressEncrypted: null, carrier: null, trackingNo: null, placedAt: new Date(), paidAt: null, shippedAt: null });
  const row = async <T>(finder: () => Promise<T | null>): Promise<T> => {
    const found = await finder();
    if (!found) throw new Error('row vanished');
    return found;
  };
  const customerRow = (id: number) => row(() => Customer.findOne({ where: { tenantId: tenant.id, id } }));
  const identityRow = (id: number) => row(() => ChannelIdentity.findOne({ where: { tenantId: tenant.id, id } }));
  const conversationRow = (id: number) => row(() => Conversation.findOne({ where: { tenantId: tenant.id, id } }));
  const orderRow = (id: number) => row(() => Order.findOne({ where: { tenantId: tenant.id, id } }));
  const latestLink = async (identityId: number) => row(() => IdentityLink.findOne({ where: { tenantId: tenant.id, channelIdentityId: identityId }, order: [['id', 'DESC']] }));

  describe('automatic linking on strong evidence', () => {
    it('a verified phone links to the customer holding it; the shell customer and its conversation follow, as an undoable merge', async () => {
      const merchant = await customer({ displayName: '王芳', externalRef: uniq('crm'), phone: '13800138001' });
      const identity = await identityOn(wechat, '芳芳');
      const shell = await resolve(identity.id);
      expect(shell.via).toBe('created');
      const conversation = await conversationOf(identity, shell.customer.id);

      const linked = await resolve(identity.id, { verifiedPhone: verifiedPhone(cipher, '+86 138-0013-8001', 'wechat_get_phone_number') });
      expect(linked).toMatchObject({ via: 'verified_phone', verified: true });
      expect(linked.customer.id).toBe(merchant.id);
      expect((await conversationRow(conversation.id)).customerId).toBe(merchant.id);
      expect((await customerRow(shell.customer.id)).mergedIntoId).toBe(merchant.id);
      expect((await customerRow(merchant.id)).phoneVerifiedAt).not.toBeNull();
      const link = await latestLink(identity.id);
      expect(link.evidenceType).toBe('verified_phone');
      expect(link.evidence).toEqual({ phoneHash: cipher.lookupHash('13800138001'), source: 'wechat_get_phone_number' });
      const merge = await row(() => CustomerMerge.findOne({ where: { tenantId: tenant.id, sourceCustomerId: shell.customer.id } }));
      expect(merge).toMatchObject({ targetCustomerId: merchant.id, actorType: 'system', status: 'merged', reason: 'automatic: verified_phone' });
    });

    it('an order the shopper proved links to that order’s customer and stores the proof', async () => {
      const owner = await customer({ displayName: '李娜', externalRef: uniq('crm') });
      const order = await orderOf(owner.id);
      const identity = await identityOn(douyin);
      const result = await resolve(identity.id, { provenOrder: { orderNo: order.orderNo, proof: 'order number + recipient phone last 4' } });
      expect(result.via).toBe('proven_order');
      expect(result.customer.id).toBe(owner.id);
      expect((await latestLink(identity.id)).evidence).toEqual({ orderNo: order.orderNo, proof: 'order number + recipient phone last 4' });
      expect(await AuditEntry.count({ where: { tenantId: tenant.id, action: 'customer.linked', targetId: String(identity.id) } })).toBe(1);
    });

    it('a second, different verified phone is a recorded conflict; the stored phone stays', async () => {
      const ref = uniq('crm');
      const holder = await customer({ externalRef: ref, phone: '13900000001' });
      const identity = await identityOn(wechat);
      await resolve(identity.id, { verifiedCustomerRef: ref });
      const result = await resolve(identity.id, { verifiedPhone: verifiedPhone(cipher, '13900000002', 'sms_code') });
      expect(result.conflict).toEqual({ field: 'phone', customerId: holder.id });
      expect((await customerRow(holder.id)).phoneHash).toBe(cipher.lookupHash('13900000001'));
      const entry = await row(() => AuditEntry.findOne({ where: { tenantId: tenant.id, action: 'customer.phone_conflict', targetId: String(holder.id) } }));
      expect(entry.details).toMatchObject({ kept: 'stored', provenPhoneHash: cipher.lookupHash('13900000002') });
    });

    it('a verified phone nobody holds becomes the phone of the identity’s own customer', async () => {
      const identity = await identityOn(douyin);
      const result = await resolve(identity.id, { verifiedPhone: verifiedPhone(cipher, '13700000009', 'douyin_phone') });
      expect(result.via).toBe('created');
      const stored = await customerRow(result.customer.id);
      expect(stored.phoneHash).toBe(cipher.lookupHash('13700000009'));
      expect(cipher.decrypt(stored.phoneEncrypted ?? '')).toBe('13700000009');
    });

    it('a nickname alone never links: it is only a suggestion for agents', async () => {
      const a = await identityOn(wechat, '小鹿同学');
      const b = await identityOn(douyin, '小鹿同学');
      const ra = await resolve(a.id);
      const rb = await resolve(b.id);
      expect(rb.customer.id).not.toBe(ra.customer.id);
      const response = await request(server).get(`/api/console/customers/${rb.customer.id}/merge-suggestions`).set('Authorization', `Bearer ${tokens.agent}`).expect(200);
      expect((response.body as { suggestions: unknown[] }).suggestions).toEqual([{ customerId: ra.customer.id, displayName: '小鹿同学', signals: [{ signal: 'same_nickname', value: '小鹿同学' }] }]);
      expect((await identityRow(b.id)).customerId).toBe(rb.customer.id);
    });
  });

  describe('merge and unmerge', () => {
    async function twoCustomers() {
      const source = await customer({ displayName: '张伟', phone: '13600000001' });
      const target = await customer({});
      const sourceIdentity = await identityOn(wechat);
      const targetIdentity = await identityOn(douyin);
      await ChannelIdentity.update({ customerId: source.id }, { where: { tenantId: tenant.id, id: sourceIdentity.id } });
      await ChannelIdentity.update({ customerId: target.id }, { where: { tenantId: tenant.id, id: targetIdentity.id } });
      const sourceConversation = await conversationOf(sourceIdentity, source.id, '我的快递到哪了');
      const targetConversation = await conversationOf(targetIdentity, target.id, '有优惠吗');
      const sourceOrder = await orderOf(source.id);
      const targetOrder = await orderOf(target.id);
      return { source, target, sourceIdentity, targetIdentity, sourceConversation, targetConversation, sourceOrder, targetOrder };
    }

    it('moves identities, conversations and orders; unmerge puts each side back exactly, including what arrived in between', async () => {
      const s = await twoCustomers();
      const merge = await mergeCustomers(db.sequelize, audit, { tenantId: tenant.id, sourceCustomerId: s.source.id, targetCustomerId: s.target.id, reason: 'same shopper', actor: { actorType: 'user', actorId: agentId } });
      expect((await identityRow(s.sourceIdentity.id)).customerId).toBe(s.target.id);
      expect((await conversationRow(s.sourceConversation.id)).customerId).toBe(s.target.id);
      expect((await orderRow(s.sourceOrder.id)).customerId).toBe(s.target.id);
      const mergedTarget = await customerRow(s.target.id);
      expect(mergedTarget.phoneHash).toBe(cipher.lookupHash('13600000001'));
      expect(mergedTarget.displayName).toBe('张伟');
      // After the merge the source-side identity starts a new conversation, filed under the target.
      const later = await conversationOf(s.sourceIdentity, s.target.id, '又来问');

      const result = await unmergeCustomers(db.sequelize, audit, { tenantId: tenant.id, mergeId: merge.id, reason: 'different people', actor: { actorType: 'user', actorId: agentId } });
      expect(result.keptChangedFields).toEqual([]);
      expect((await identityRow(s.sourceIdentity.id)).customerId).toBe(s.source.id);
      expect((await conversationRow(s.sourceConversation.id)).customerId).toBe(s.source.id);
      expect((await conversationRow(later.id)).customerId).toBe(s.source.id);
      expect((await orderRow(s.sourceOrder.id)).customerId).toBe(s.source.id);
      expect((await identityRow(s.targetIdentity.id)).customerId).toBe(s.target.id);
      expect((await conversationRow(s.targetConversation.id)).customerId).toBe(s.target.id);
      expect((await orderRow(s.targetOrder.id)).customerId).toBe(s.target.id);
      const restoredTarget = await customerRow(s.target.id);
      expect([restoredTarget.phoneHash, restoredTarget.phoneEncrypted, restoredTarget.displayName]).toEqual([null, null, null]);
      expect((await customerRow(s.source.id)).mergedIntoId).toBeNull();
      expect((await latestLink(s.sourceIdentity.id)).evidenceType).toBe('unmerge');
      const actions = (await AuditEntry.findAll({ where: { tenantId: tenant.id, actorId: String(agentId) }, order: [['id', 'ASC']] })).map((entry) => entry.action);
      expect(actions.slice(-2)).toEqual(['customer.merged', 'customer.unmerged']);
    });

    it('moves the source’s shopping carts with it, so the store’s next push lands on the survivor; unmerge takes them back', async () => {
      const sourceRef = uniq('crm');
      const source = await customer({ externalRef: sourceRef });
      const target = await customer({ externalRef: uniq('crm') });
      const line = { sku: 'S1', name: '卫衣', quantity: 1, unitPriceCents: 19900 };
      const pushed = (customerId: number, cartRef: string, changedAt: Date) => recordCart(tenant.id, { cartRef, customerId, items: [line], state: 'active', changedAt });
      const sourceCartRef = uniq('store-cart');
      const sourceCart = (await pushed(source.id, sourceCartRef, new Date(Date.now() - 60_000))).cart;
      const targetCart = (await pushed(target.id, uniq('store-cart'), new Date())).cart;
      const cartRow = (id: number) => row(() => ShoppingCart.findOne({ where: { tenantId: tenant.id, id } }));

      const merge = await mergeCustomers(db.sequelize, audit, { tenantId: tenant.id, sourceCustomerId: source.id, targetCustomerId: target.id, actor: { actorType: 'user', actorId: agentId } });
      expect(merge.moved.cartIds).toEqual([sourceCart.id]);
      expect((await cartRow(sourceCart.id)).customerId).toBe(target.id);
      expect((await cartRow(targetCart.id)).customerId).toBe(target.id);
      // The store still names the merged-away shopper; the reference resolves to the survivor, who now owns the cart.
      const survivor = await customerForRef(tenant.id, sourceRef);
      expect(survivor.id).toBe(target.id);
      const afterMerge = await recordCart(tenant.id, { cartRef: sourceCartRef, customerId: survivor.id, items: [{ ...line, quantity: 2 }], state: 'active', changedAt: new Date() });
      expect(afterMerge).toMatchObject({ outcome: 'updated', cart: { id: sourceCart.id, customerId: target.id } });

      await unmergeCustomers(db.sequelize, audit, { tenantId: tenant.id, mergeId: merge.id, actor: { actorType: 'user', actorId: agentId } });
      expect((await cartRow(sourceCart.id)).customerId).toBe(source.id);
      expect((await cartRow(targetCart.id)).customerId).toBe(target.id);
      const unmerged = await row(() => AuditEntry.findOne({ where: { tenantId: tenant.id, action: 'customer.unmerged', targetId: String(source.id) } }));
      expect(unmerged.details).toMatchObject({ mergeId: merge.id, carts: 1 });
    });

    it('keeps a field someone changed after the merge, and says so', async () => {
      const s = await twoCustomers();
      const merge = await mergeCustomers(db.sequelize, audit, { tenantId: tenant.id, sourceCustomerId: s.source.id, targetCustomerId: s.target.id, actor: { actorType: 'user', actorId: agentId } });
      await Customer.update({ displayName: '张伟（已核实）' }, { where: { tenantId: tenant.id, id: s.target.id } });
      const result = await unmergeCustomers(db.sequelize, audit, { tenantId: tenant.id, mergeId: merge.id, actor: { actorType: 'user', actorId: agentId } });
      expect(result.keptChangedFields).toEqual(['displayName']);
      expect((await customerRow(s.target.id)).displayName).toBe('张伟（已核实）');
    });

    it('two different phones: recorded as a conflict, the target keeps its own, audited', async () => {
      const source = await customer({ phone: '13500000001' });
      const target = await customer({ phone: '13500000002' });
      const merge = await mergeCustomers(db.sequelize, audit, { tenantId: tenant.id, sourceCustomerId: source.id, targetCustomerId: target.id, actor: { actorType: 'user', actorId: agentId } });
      expect(merge.conflicts).toEqual([{ field: 'phone', targetValue: cipher.lookupHash('13500000002'), sourceValue: cipher.lookupHash('13500000001'), kept: 'target' }]);
      expect((await customerRow(target.id)).phoneHash).toBe(cipher.lookupHash('13500000002'));
      expect(await AuditEntry.count({ where: { tenantId: tenant.id, action: 'customer.merge_conflict', targetId: String(target.id) } })).toBe(1);
    });

    it('refuses to undo a merge whose target was merged onwards, and to merge an already merged customer', async () => {
      const a = await customer({});
      const b = await customer({});
      const c = await customer({});
      const actor = { actorType: 'user' as const, actorId: agentId };
      const first = await mergeCustomers(db.sequelize, audit, { tenantId: tenant.id, sourceCustomerId: a.id, targetCustomerId: b.id, actor });
      await mergeCustomers(db.sequelize, audit, { tenantId: tenant.id, sourceCustomerId: b.id, targetCustomerId: c.id, actor });
      await expect(unmergeCustomers(db.sequelize, audit, { tenantId: tenant.id, mergeId: first.id, actor })).rejects.toMatchObject({ status: 409 });
      await expect(mergeCustomers(db.sequelize, audit, { tenantId: tenant.id, sourceCustomerId: a.id, targetCustomerId: c.id, actor })).rejects.toMatchObject({ status: 409 });
    });

    it('resolution follows a merge: a verified reference of the merged-away customer lands on the survivor', async () => {
      const ref = uniq('crm');
      const source = await customer({ externalRef: ref });
      const target = await customer({ externalRef: uniq('crm') });
      await mergeCustomers(db.sequelize, audit, { tenantId: tenant.id, sourceCustomerId: source.id, targetCustomerId: target.id, actor: { actorType: 'user', actorId: agentId } });
      const identity = await identityOn(wechat);
      const result = await resolve(identity.id, { verifiedCustomerRef: ref });
      expect(result.customer.id).toBe(target.id);
    });
  });

  describe('console API', () => {
    const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

    it('merges for an agent (audited with the agent), refuses a viewer, and validates the body', async () => {
      const source = await customer({});
      const target = await customer({});
      await request(server).post(`/api/console/customers/${target.id}/merge`).set(bearer(tokens.viewer)).send({ sourceCustomerId: source.id, reason: 'x' }).expect(403);
      const invalid = await request(server).post(`/api/console/customers/${target.id}/merge`).set(bearer(tokens.agent)).send({ sourceCustomerId: 'abc' }).expect(400);
      expect(JSON.stringify(invalid.body)).toMatch(/sourceCustomerId/);
      await request(server).post(`/api/console/customers/${target.id}/merge`).set(bearer(tokens.agent)).send({ sourceCustomerId: target.id, reason: 'self' }).expect(400);
      const created = await request(server).post(`/api/console/customers/${target.id}/merge`).set(bearer(tokens.agent)).send({ sourceCustomerId: source.id, reason: '同一买家' }).expect(201);
      const mergeId = (created.body as { merge: { id: number } }).merge.id;
      const entry = await row(() => AuditEntry.findOne({ where: { tenantId: tenant.id, action: 'customer.merged', targetId: String(target.id) } }));
      expect(entry).toMatchObject({ actorType: 'user', actorId: String(agentId) });
      expect(entry.details).toMatchObject({ mergeId, reason: '同一买家' });

      await request(server).post(`/api/console/customer-merges/${mergeId}/unmerge`).set(bearer(tokens.viewer)).send({ reason: 'x' }).expect(403);
      await request(server).post(`/api/console/customer-merges/${mergeId}/unmerge`).set(bearer(tokens.otherAgent)).send({ reason: 'x' }).expect(404);
      await request(server).post(`/api/console/customer-merges/${mergeId}/unmerge`).set(bearer(tokens.agent)).send({ reason: '不是同一人' }).expect(200);
      await request(server).post(`/api/console/customer-merges/${mergeId}/unmerge`).set(bearer(tokens.agent)).send({ reason: 'again' }).expect(409);
    });

    it("answers 404 for another tenant's customers and 401 without a token", async () => {
      const mine = await customer({});
      await request(server).get(`/api/console/customers/${mine.id}`).set(bearer(tokens.otherAgent)).expect(404);
      await request(server).post(`/api/console/customers/${mine.id}/merge`).set(bearer(tokens.otherAgent)).send({ sourceCustomerId: mine.id + 1, reason: 'x' }).expect(404);
      await request(server).get(`/api/console/customers/${mine.id}/timeline`).expect(401);
    });

    it('shows every channel’s conversations in one timeline, and the profile with masked phone and link evidence', async () => {
      const ref = uniq('crm');
      const owner = await customer({ externalRef: ref, phone: '13812345678' });
      const onWechat = await identityOn(wechat);
      const onDouyin = await identityOn(douyin);
      await resolve(onWechat.id, { verifiedCustomerRef: ref });
      await resolve(onDouyin.id, { verifiedCustomerRef: ref });
      await conversationOf(onWechat, owner.id, '公众号上问的');
      await conversationOf(onDouyin, owner.id, '抖音上问的');
      const timeline = await request(server).get(`/api/console/customers/${owner.id}/timeline`).set(bearer(tokens.viewer)).expect(200);
      const conversations = (timeline.body as { conversations: { platform: string; messages: { text: string }[] }[] }).conversations;
      expect(conversations.map((c) => [c.platform, c.messages[0]?.text]).sort()).toEqual([
        ['douyin', '抖音上问的'],
        ['wechat', '公众号上问的'],
      ]);
      const profile = await request(server).get(`/api/console/customers/${owner.id}`).set(bearer(tokens.viewer)).expect(200);
      const body = profile.body as { customer: { phone: string; identities: { platform: string; linkedOn: { evidenceType: string } }[] } };
      expect(body.customer.phone).not.toContain('12345678');
      expect(body.customer.phone).toMatch(/^138/);
      expect(body.customer.identities.map((identity) => [identity.platform, identity.linkedOn.evidenceType]).sort()).toEqual([
        ['douyin', 'verified_ref'],
        ['wechat', 'verified_ref'],
      ]);
      await request(server).get(`/api/console/customers/${owner.id}/timeline?limit=0`).set(bearer(tokens.viewer)).expect(400);
    });
  });
}
