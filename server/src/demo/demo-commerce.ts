import type { Sequelize } from 'sequelize';
import { Coupon, CrmProfile, ProductRelation, Promotion, WarehouseStock } from '../commerce/action-models';
import { Product } from '../commerce/models';
import { Customer } from '../customers/models';
import { demoDate } from './demo-clock';

/**
 * The demo merchant's commerce data for the skills: stock per warehouse (one sold-out item with a
 * restock date), accessories of the phones, a running promotion, coupons in two shoppers' accounts,
 * CRM facts, and a price drop on the Dyson dryer after zhangwei bought it (price protection).
 * The dates are written for the demo's "today" (2026-11-26) and move with the seed day (demo-clock.ts).
 */
const warehouseStock: { sku: string; warehouse: string; quantity: number; restockAt?: string }[] = [
  { sku: 'SHOE-AJ1-HIGH', warehouse: '杭州余杭仓', quantity: 0, restockAt: '2026-12-05T10:00:00+08:00' },
  { sku: 'SHOE-AJ1-HIGH', warehouse: '广州白云仓', quantity: 0, restockAt: '2026-12-08T10:00:00+08:00' },
  { sku: 'SHOE-AF1-LOW', warehouse: '杭州余杭仓', quantity: 36 },
  { sku: 'SHOE-AF1-LOW', warehouse: '广州白云仓', quantity: 12 },
  { sku: 'PHONE-IP15PM', warehouse: '杭州余杭仓', quantity: 8 },
  { sku: 'PHONE-IP16', warehouse: '杭州余杭仓', quantity: 25 },
  { sku: 'ACC-APPLE-20W', warehouse: '杭州余杭仓', quantity: 120 },
  { sku: 'ACC-CASE-IP15PM', warehouse: '杭州余杭仓', quantity: 60 },
  { sku: 'APPL-DYSON-HD15', warehouse: '嘉兴品牌仓', quantity: 15 },
];

const relations: { sku: string; relatedSku: string }[] = [
  { sku: 'PHONE-IP15PM', relatedSku: 'ACC-APPLE-20W' },
  { sku: 'PHONE-IP15PM', relatedSku: 'ACC-CASE-IP15PM' },
  { sku: 'PHONE-IP15PM', relatedSku: 'ACC-AIRPODS-PRO2' },
  { sku: 'PHONE-IP16', relatedSku: 'ACC-APPLE-20W' },
  { sku: 'PHONE-IP16', relatedSku: 'ACC-AIRPODS-PRO2' },
  { sku: 'PHONE-MATE60P', relatedSku: 'ACC-HW-FBP3' },
  { sku: 'PHONE-MATE60P', relatedSku: 'ACC-ANKER-65W' },
  { sku: 'PHONE-MI14', relatedSku: 'ACC-ANKER-65W' },
  { sku: 'PHONE-MI14', relatedSku: 'ACC-UGREEN-CC' },
];

/**
 * Seeds once per tenant (skipped when stock rows exist), so restarts and older demo databases are both
 * fine. `seededAt` is when the demo's orders were seeded, so the promotion and price drop line up with them.
 */
export async function seedDemoCommerce(sequelize: Sequelize, tenantId: number, seededAt: Date): Promise<void> {
  if ((await WarehouseStock.count({ where: { tenantId } })) > 0) return;
  const customers = await Customer.findAll({ where: { tenantId } });
  const customerId = (ref: string) => customers.find((c) => c.externalRef === ref)?.id ?? null;
  await sequelize.transaction(async (transaction) => {
    await WarehouseStock.bulkCreate(warehouseStock.map((s) => ({ tenantId, sku: s.sku, warehouse: s.warehouse, quantity: s.quantity, restockAt: s.restockAt ? demoDate(s.restockAt, seededAt) : null })), { transaction });
    await ProductRelation.bulkCreate(relations.map((r) => ({ tenantId, sku: r.sku, relatedSku: r.relatedSku, kind: 'accessory' as const })), { transaction });
    await Promotion.create({ tenantId, title: '双12预热', description: '全场满300减30，可与店铺券叠加', startsAt: demoDate('2026-11-20T00:00:00+08:00', seededAt), endsAt: demoDate('2026-12-12T23:59:59+08:00', seededAt) }, { transaction });
    const coupons = [
      { ref: 'zhangwei', code: 'DEMO-GOLD-50', title: '金卡会员券', discountCents: 5000, minSpendCents: 50000 },
      { ref: 'lina', code: 'DEMO-PLAT-100', title: '铂金会员券', discountCents: 10000, minSpendCents: 80000 },
    ];
    for (const c of coupons) {
      await Coupon.create({ tenantId, code: c.code, customerId: customerId(c.ref), title: c.title, discountCents: c.discountCents, minSpendCents: c.minSpendCents, expiresAt: demoDate('2026-12-31T23:59:59+08:00', seededAt), status: 'available' }, { transaction });
    }
    const profiles = [
      { ref: 'zhangwei', tags: ['数码爱好者'], riskScore: 5 },
      { ref: 'lina', tags: ['高价值', '偏好顺丰'], riskScore: 0 },
      { ref: 'zhaolei', tags: ['偏远地区'], riskScore: 40 },
    ];
    for (const p of profiles) {
      const id = customerId(p.ref);
      if (id) await CrmProfile.create({ tenantId, customerId: id, tags: p.tags, notes: null, riskScore: p.riskScore }, { transaction });
    }
    // The dryer zhangwei paid 2999 for two days before the seed (11-24) now sells at 2799: within the 7-day price protection window.
    await Product.update({ priceCents: 279900 }, { where: { tenantId, sku: 'APPL-DYSON-HD15' }, transaction });
  });
}
