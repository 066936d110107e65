import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { Tenant } from '../../src/auth/models';
import { findAbandonedCartTriggers } from '../../src/automation/triggers/abandoned-carts';
import { findHighValueTriggers } from '../../src/automation/triggers/high-value-coupons';
import { findLogisticsTriggers } from '../../src/automation/triggers/logistics-anomalies';
import { findUnpaidTriggers } from '../../src/automation/triggers/unpaid-orders';
import { Coupon, Promotion, WarehouseStock } from '../../src/commerce/action-models';
import { ShoppingCart } from '../../src/commerce/cart-models';
import { LogisticsEvent, Order } from '../../src/commerce/models';
import { Customer } from '../../src/customers/models';
import { openDatabase, type Database } from '../../src/db/database';
import { demoOrders } from '../../src/demo';
import { DEMO_AUTOMATION_SETTINGS } from '../../src/demo/demo-automation';
import { demoDate, demoShiftDays } from '../../src/demo/demo-clock';
import { seedDemo } from '../../src/demo/seed-demo';
import { createLogger } from '../../src/logger';
import { FieldCipher } from '../../src/privacy/field-cipher';
import { freshMysqlDatabase, mysqlAvailable } from '../support/test-database';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

describe('demo clock', () => {
  it('moves by whole days, a new day starting at the newest demo moment (09:20:44 Beijing time)', () => {
    expect(demoShiftDays(new Date('2026-11-26T09:20:44+08:00'))).toBe(0);
    expect(demoShiftDays(new Date('2026-11-26T23:59:59+08:00'))).toBe(0);
    expect(demoShiftDays(new Date('2026-11-27T09:20:43+08:00'))).toBe(0);
    expect(demoShiftDays(new Date('2026-11-27T09:20:44+08:00'))).toBe(1);
    expect(demoShiftDays(new Date('2026-11-26T08:00:00+08:00'))).toBe(-1);
    expect(demoShiftDays(new Date('2027-03-10T12:00:00+08:00'))).toBe(104);
  });

  it('puts no demo order or tracking event after the seed, whatever its time of day', () => {
    const stamps = demoOrders.flatMap((o) => [o.createdAt, o.paidAt, o.shippedAt, ...o.logistics.map((e) => e.at)]).filter((iso): iso is string => iso !== undefined);
    for (let minutes = 0; minutes < 24 * 60; minutes += 20) {
      const seededAt = new Date(Date.parse('2027-03-10T00:00:00+08:00') + minutes * 60_000);
      const newest = Math.max(...stamps.map((iso) => demoDate(iso, seededAt).getTime()));
      expect(newest).toBeLessThanOrEqual(seededAt.getTime());
      // …and the story stays fresh: its newest moment (an order placed "this morning") is less than a day old.
      expect(seededAt.getTime() - newest).toBeLessThan(DAY_MS);
    }
  });

  it('gives the same dates for every seed on the same demo day, keeping the time of day', () => {
    const morning = demoDate('2026-11-22T10:30:00+08:00', new Date('2027-03-10T09:30:00+08:00'));
    const night = demoDate('2026-11-22T10:30:00+08:00', new Date('2027-03-10T23:59:59+08:00'));
    expect(morning.toISOString()).toBe(new Date('2027-03-06T10:30:00+08:00').toISOString());
    expect(night.getTime()).toBe(morning.getTime());
  });

  it('refuses a date without its offset, which the server would read in its own time zone', () => {
    expect(() => demoDate('2026-11-22T10:30:00', new Date())).toThrow(/ISO 8601 with an offset/);
    expect(() => demoDate('11/22/2026', new Date())).toThrow(/ISO 8601 with an offset/);
  });
});

/**
 * The demo seeded on another day (2027-03-10, 20:00 Beijing, 104 days after the demo's "today"):
 * every date moves by those 104 days, so the stories keep their ages and the proactive demo still fires.
 */
(mysqlAvailable ? describe : describe.skip)('the demo seeded on 2027-03-10', () => {
  const seededAt = new Date('2027-03-10T20:00:00+08:00');
  /** The same wall-clock time on the demo's own "today": ages there are what the data was written for. */
  const sameTimeOnDemoDay = Date.parse('2026-11-26T20:00:00+08:00');
  const cipher = new FieldCipher(randomBytes(32));
  const logger = createLogger('silent');
  let db: Database;
  let tenantId: number;

  const order = async (orderNo: string) => (await Order.findOne({ where: { tenantId, orderNo } }))!;
  const events = async (orderNo: string) => LogisticsEvent.findAll({ where: { tenantId, orderId: (await order(orderNo)).id }, order: [['occurredAt', 'ASC']] });

  beforeAll(async () => {
    db = await openDatabase({ url: await freshMysqlDatabase('demo_dates'), dataDir: tmpdir(), logger, migrate: true });
    expect(await seedDemo(db.sequelize, cipher, logger, seededAt)).toBe(true);
    const tenant = (await Tenant.findOne({ where: { key: 'demo' } }))!;
    tenantId = tenant.id;
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('keeps the seed time as the tenant creation time', async () => {
    const tenant = (await Tenant.findOne({ where: { id: tenantId } }))!;
    expect(Math.abs(tenant.createdAt.getTime() - seededAt.getTime())).toBeLessThan(1000);
  });

  it('moves every order and tracking date by exactly 104 days', async () => {
    for (const demoOrder of demoOrders) {
      const row = await order(demoOrder.orderNo);
      expect(row.placedAt.getTime() - Date.parse(demoOrder.createdAt)).toBe(104 * DAY_MS);
      if (demoOrder.paidAt) expect(row.paidAt!.getTime() - Date.parse(demoOrder.paidAt)).toBe(104 * DAY_MS);
      if (demoOrder.shippedAt) expect(row.shippedAt!.getTime() - Date.parse(demoOrder.shippedAt)).toBe(104 * DAY_MS);
      const seeded = await events(demoOrder.orderNo);
      expect(seeded.map((e) => e.occurredAt.getTime())).toEqual(demoOrder.logistics.map((e) => Date.parse(e.at) + 104 * DAY_MS));
    }
  });

  it('keeps the stuck parcel, the unpaid order and the delivered order at their ages', async () => {
    const stuck = (await events('E20261117005')).at(-1)!;
    expect(stuck.status).toBe('异常');
    expect(stuck.occurredAt.toISOString()).toBe(new Date('2027-03-06T10:30:00+08:00').toISOString());
    expect(seededAt.getTime() - stuck.occurredAt.getTime()).toBe(sameTimeOnDemoDay - Date.parse('2026-11-22T10:30:00+08:00'));
    expect(seededAt.getTime() - stuck.occurredAt.getTime()).toBeGreaterThan(4 * DAY_MS);

    const unpaid = await order('E20261126001');
    expect(unpaid.status).toBe('unpaid');
    expect(unpaid.placedAt.toISOString()).toBe(new Date('2027-03-10T09:20:44+08:00').toISOString());
    expect(seededAt.getTime() - unpaid.placedAt.getTime()).toBe(sameTimeOnDemoDay - Date.parse('2026-11-26T09:20:44+08:00'));

    const signed = (await events('E20261120002')).at(-1)!;
    expect(signed.status).toBe('已签收');
    expect(signed.occurredAt.toISOString()).toBe(new Date('2027-03-05T11:42:00+08:00').toISOString());
    expect(seededAt.getTime() - signed.occurredAt.getTime()).toBe(sameTimeOnDemoDay - Date.parse('2026-11-21T11:42:00+08:00'));
  });

  it('runs the promotion, keeps the coupons valid and restocks after the seed day', async () => {
    const promotion = (await Promotion.findOne({ where: { tenantId } }))!;
    expect(promotion.startsAt.toISOString()).toBe(new Date('2027-03-04T00:00:00+08:00').toISOString());
    expect(promotion.endsAt.getTime()).toBeGreaterThan(seededAt.getTime() + 16 * DAY_MS);
    const coupons = await Coupon.findAll({ where: { tenantId } });
    expect(coupons).toHaveLength(2);
    for (const coupon of coupons) expect(coupon.expiresAt.toISOString()).toBe(new Date('2027-04-14T23:59:59+08:00').toISOString());
    const restocks = (await WarehouseStock.findAll({ where: { tenantId, sku: 'SHOE-AJ1-HIGH' } })).map((s) => s.restockAt!.toISOString()).sort();
    expect(restocks).toEqual([new Date('2027-03-19T10:00:00+08:00').toISOString(), new Date('2027-03-22T10:00:00+08:00').toISOString()]);
  });

  it("dates lina's cart two hours before the seed", async () => {
    const cart = (await ShoppingCart.findOne({ where: { tenantId, cartRef: 'demo-cart-lina' } }))!;
    expect(seededAt.getTime() - cart.changedAt.getTime()).toBe(2 * HOUR_MS);
  });

  it('fires every proactive demo trigger on the seed day, with the demo settings', async () => {
    const now = new Date(seededAt.getTime() + HOUR_MS);
    const [stuck, unpaid, delivered] = [await order('E20261117005'), await order('E20261126001'), await order('E20261120002')];
    const lina = (await Customer.findOne({ where: { tenantId, externalRef: 'lina' } }))!;
    const triggers = [
      ...(await findLogisticsTriggers(tenantId, DEMO_AUTOMATION_SETTINGS, now)),
      ...(await findUnpaidTriggers(tenantId, DEMO_AUTOMATION_SETTINGS, now)),
      ...(await findAbandonedCartTriggers({ cipher, logger }, tenantId, DEMO_AUTOMATION_SETTINGS, now)),
      ...(await findHighValueTriggers(tenantId, DEMO_AUTOMATION_SETTINGS, now)),
    ];
    const keys = triggers.map((t) => t.key);
    expect(keys).toEqual(expect.arrayContaining([`logistics:${stuck.id}:exception`, `unpaid:${unpaid.id}:0`, `high_value:delivered:${delivered.id}`]));
    expect(triggers.filter((t) => t.kind === 'cart').map((t) => t.customerId)).toEqual([lina.id]);
  });
});
