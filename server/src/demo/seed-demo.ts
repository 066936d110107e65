import type { Sequelize } from 'sequelize';
import { Tenant } from '../auth/models';
import { createUser, listUsers } from '../auth/users';
import { ensureChannelAccount } from '../channels/channel-account-service';
import { LogisticsEvent, Order, Product } from '../commerce/models';
import { Customer } from '../customers/models';
import { KnowledgeEntry } from '../knowledge/models';
import type { Logger } from '../logger';
import type { FieldCipher } from '../privacy/field-cipher';
import { normalizePhone } from '../privacy/normalize-phone';
import { seedDemoCarts } from './demo-carts';
import { demoDate } from './demo-clock';
import { seedDemoCommerce } from './demo-commerce';
import { demoConsoleUsers, demoKnowledge, demoOrders, demoProducts, demoShoppers, demoTenant } from './index';

/** Demo-only secret: lets `npm run chat -- --shopper zhangwei` sign in as a demo shopper. Never for real tenants. */
export const DEMO_SHOPPER_TOKEN_SECRET = 'demo-shopper-token-secret-not-for-production';

const yuanToCents = (yuan: number) => Math.round(yuan * 100);

/**
 * Seeds the demo merchant on an empty database. Idempotent: the whole seed is one transaction and
 * is skipped when the demo tenant already exists, so restarts and concurrent boots do not double it.
 * Demo dates move by whole days to just before `seededAt` (demo-clock.ts); the tenant keeps that time as its
 * createdAt, so data added to an older demo later lines up with the orders seeded then.
 */
export async function seedDemo(sequelize: Sequelize, cipher: FieldCipher, logger: Logger, seededAt: Date = new Date()): Promise<boolean> {
  const existing = await Tenant.findOne({ where: { key: demoTenant.key } });
  if (existing) {
    await ensureDemoUsers(existing.id);
    await seedDemoCommerce(sequelize, existing.id, existing.createdAt);
    await seedDemoCarts(existing.id, seededAt);
    return false;
  }
  const tenant = await sequelize.transaction(async (transaction) => {
    const created = await Tenant.create(
      { key: demoTenant.key, name: demoTenant.name, orderNumberPattern: demoTenant.orderNumberPattern, settings: { shopperTokenSecret: DEMO_SHOPPER_TOKEN_SECRET }, createdAt: seededAt },
      { transaction },
    );
    const tenantId = created.id;
    await Product.bulkCreate(
      demoProducts.map((p) => ({ tenantId, sku: p.sku, name: p.name, brand: p.brand, category: p.category, aliases: p.aliases, priceCents: yuanToCents(p.price), stock: p.stock, specs: p.specs, description: p.description })),
      { transaction },
    );
    const customerIds = new Map<string, number>();
    for (const shopper of demoShoppers) {
      const customer = await Customer.create(
        {
          tenantId,
          displayName: shopper.name,
          externalRef: shopper.ref,
          phoneEncrypted: cipher.encrypt(shopper.phone),
          phoneHash: cipher.lookupHash(normalizePhone(shopper.phone)),
          addressEncrypted: cipher.encrypt(shopper.address),
          memberLevel: shopper.memberLevel,
        },
        { transaction },
      );
      customerIds.set(shopper.ref, customer.id);
    }
    const productBySku = new Map(demoProducts.map((p) => [p.sku, p]));
    for (const demoOrder of demoOrders) {
      const shopper = demoShoppers.find((s) => s.ref === demoOrder.shopperRef);
      const items = demoOrder.items.map((i) => ({ sku: i.sku, name: productBySku.get(i.sku)?.name ?? i.sku, quantity: i.quantity, unitPriceCents: yuanToCents(i.unitPrice), size: i.size, color: i.color }));
      const order = await Order.create(
        {
          tenantId,
          orderNo: demoOrder.orderNo,
          customerId: customerIds.get(demoOrder.shopperRef) ?? null,
          status: demoOrder.status,
          items,
          totalCents: items.reduce((sum, i) => sum + i.unitPriceCents * i.quantity, 0),
          recipientName: shopper?.name ?? null,
          phoneEncrypted: cipher.encryptOptional(shopper?.phone),
          addressEncrypted: cipher.encryptOptional(shopper?.address),
          carrier: demoOrder.carrier ?? null,
          trackingNo: demoOrder.trackingNo ?? null,
          placedAt: demoDate(demoOrder.createdAt, seededAt),
          paidAt: demoOrder.paidAt ? demoDate(demoOrder.paidAt, seededAt) : null,
          shippedAt: demoOrder.shippedAt ? demoDate(demoOrder.shippedAt, seededAt) : null,
        },
        { transaction },
      );
      if (demoOrder.logistics.length > 0) {
        await LogisticsEvent.bulkCreate(
          demoOrder.logistics.map((e) => ({ tenantId, orderId: order.id, occurredAt: demoDate(e.at, seededAt), status: e.status, description: e.description })),
          { transaction },
        );
      }
    }
    await KnowledgeEntry.bulkCreate(
      demoKnowledge.map((k) => ({ tenantId, slug: k.id, title: k.title, answer: k.answer, tags: k.tags, keywords: k.keywords, similarQuestions: k.similarQuestions })),
      { transaction },
    );
    return created;
  });
  // Users are created outside the transaction (argon2 hashing is slow, and SQLite has one writer);
  // a crash in between is healed by ensureDemoUsers on the next boot.
  await ensureDemoUsers(tenant.id);
  await seedDemoCommerce(sequelize, tenant.id, seededAt);
  await seedDemoCarts(tenant.id, seededAt);
  await ensureChannelAccount(tenant.id, 'web', 'web', '网站/H5');
  logger.info({ tenant: demoTenant.key }, 'demo merchant seeded');
  return true;
}

async function ensureDemoUsers(tenantId: number): Promise<void> {
  const existing = new Set((await listUsers(tenantId)).map((u) => u.email));
  for (const user of demoConsoleUsers) {
    if (existing.has(user.email)) continue;
    await createUser(tenantId, { email: user.email, password: user.password, role: user.role, displayName: user.email.split('@')[0] });
  }
}
