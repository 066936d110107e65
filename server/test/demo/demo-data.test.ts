import {
  ORDER_STATUSES,
  demoConsoleUsers,
  demoKnowledge,
  demoOrders,
  demoProducts,
  demoShoppers,
  demoTenant,
  type DemoOrder,
  type OrderStatus,
} from '../../src/demo';
import { DEMO_TODAY } from '../../src/demo/demo-clock';

// The data is written around the demo's own "today"; seeding moves it to the seed day (demo-seed-dates.test.ts).
const TODAY_END = Date.parse(`${DEMO_TODAY}T23:59:59+08:00`);
const time = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`not an ISO date: ${iso}`);
  return t;
};
const duplicates = (values: string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);
const productBySku = new Map(demoProducts.map((p) => [p.sku, p]));
const shopperRefs = new Set(demoShoppers.map((s) => s.ref));

describe('demo tenant', () => {
  it('has the expected tenant and console users', () => {
    expect(demoTenant).toEqual({ key: 'demo', name: '潮品生活旗舰店', orderNumberPattern: '^E\\d{11}$' });
    expect(demoConsoleUsers.map((u) => u.role).sort()).toEqual(['agent', 'owner', 'viewer']);
    expect(duplicates(demoConsoleUsers.map((u) => u.email))).toEqual([]);
  });
});

describe('demo products', () => {
  it('has exactly 30 products with unique skus', () => {
    expect(demoProducts).toHaveLength(30);
    expect(duplicates(demoProducts.map((p) => p.sku))).toEqual([]);
  });

  it('covers every category and has some sold-out items', () => {
    const categories = new Set(demoProducts.map((p) => p.category));
    expect([...categories].sort()).toEqual(['accessories', 'apparel', 'appliances', 'phones', 'shoes']);
    expect(demoProducts.filter((p) => p.stock === 0).length).toBeGreaterThanOrEqual(2);
  });

  it('has sane prices, stock, aliases and specs', () => {
    for (const p of demoProducts) {
      expect(p.price).toBeGreaterThan(0);
      expect(Number.isInteger(p.stock) && p.stock >= 0).toBe(true);
      expect(p.aliases.length).toBeGreaterThan(0);
      expect(Object.keys(p.specs).length).toBeGreaterThan(0);
      expect(p.name.trim()).not.toBe('');
      expect(p.description.trim()).not.toBe('');
    }
  });

  it('has aliases that resolve to exactly one product (case-insensitive)', () => {
    const aliases = demoProducts.flatMap((p) => p.aliases.map((a) => a.toLowerCase()));
    expect(duplicates(aliases)).toEqual([]);
  });
});

describe('demo shoppers', () => {
  it('has 6 shoppers with unique refs and realistic phones', () => {
    expect(demoShoppers).toHaveLength(6);
    expect(duplicates(demoShoppers.map((s) => s.ref))).toEqual([]);
    expect(duplicates(demoShoppers.map((s) => s.phone))).toEqual([]);
    for (const s of demoShoppers) {
      expect(s.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(s.address).toMatch(/(省|市|自治区).+(区|县).+/);
    }
  });
});

describe('demo orders', () => {
  const pattern = new RegExp(demoTenant.orderNumberPattern);

  it('has unique order numbers matching the tenant pattern and creation date', () => {
    expect(duplicates(demoOrders.map((o) => o.orderNo))).toEqual([]);
    for (const o of demoOrders) {
      expect(o.orderNo).toMatch(pattern);
      expect(o.orderNo.slice(1, 9)).toBe(o.createdAt.slice(0, 10).replace(/-/g, ''));
    }
  });

  it('references existing shoppers and skus with valid colours and sizes', () => {
    for (const o of demoOrders) {
      expect(shopperRefs.has(o.shopperRef)).toBe(true);
      expect(o.items.length).toBeGreaterThan(0);
      for (const item of o.items) {
        const product = productBySku.get(item.sku);
        expect(product).toBeDefined();
        expect(item.quantity).toBeGreaterThan(0);
        expect(item.unitPrice).toBeGreaterThan(0);
        expect(item.unitPrice).toBeLessThanOrEqual(product!.price);
        if (item.color !== undefined) expect(product!.specs['颜色可选']).toContain(item.color);
        if (item.size !== undefined) {
          const sizes = product!.specs['尺码可选'];
          expect(sizes).toBeDefined();
          const range = /^(\d+(?:\.\d)?)-(\d+(?:\.\d)?)/.exec(sizes);
          if (range) {
            const n = Number(item.size);
            expect(n).toBeGreaterThanOrEqual(Number(range[1]));
            expect(n).toBeLessThanOrEqual(Number(range[2]));
          } else {
            expect(sizes).toContain(item.size);
          }
        }
      }
    }
  });

  it('covers every order status, with several shoppers having 2-4 orders', () => {
    const statuses = new Set<OrderStatus>(demoOrders.map((o) => o.status));
    for (const status of ORDER_STATUSES) expect(statuses.has(status)).toBe(true);
    const perShopper = demoShoppers.map((s) => demoOrders.filter((o) => o.shopperRef === s.ref).length);
    expect(perShopper.filter((n) => n >= 2 && n <= 4).length).toBeGreaterThanOrEqual(3);
  });

  it('has timestamps in order, in Oct-Nov 2026 and not after today', () => {
    for (const o of demoOrders) {
      const stamps = [o.createdAt, o.paidAt, o.shippedAt, ...o.logistics.map((e) => e.at)].filter(
        (s): s is string => s !== undefined,
      );
      for (const s of stamps) {
        expect(s.slice(0, 7) === '2026-10' || s.slice(0, 7) === '2026-11').toBe(true);
        expect(time(s)).toBeLessThanOrEqual(TODAY_END);
      }
      for (let i = 1; i < stamps.length; i++) expect(time(stamps[i])).toBeGreaterThanOrEqual(time(stamps[i - 1]));
    }
  });

  const byStatus = (...statuses: OrderStatus[]): DemoOrder[] => demoOrders.filter((o) => statuses.includes(o.status));

  it('has no payment, shipment or logistics on unpaid/cancelled orders', () => {
    for (const o of byStatus('unpaid', 'cancelled')) {
      expect(o.paidAt).toBeUndefined();
      expect(o.shippedAt).toBeUndefined();
      expect(o.logistics).toEqual([]);
    }
  });

  it('has payment but no shipment on paid orders', () => {
    for (const o of byStatus('paid')) {
      expect(o.paidAt).toBeDefined();
      expect(o.shippedAt).toBeUndefined();
      expect(o.carrier).toBeUndefined();
      expect(o.logistics).toEqual([]);
    }
  });

  it('has 2-4 logistics events on shipped orders, none signed', () => {
    for (const o of byStatus('shipped')) {
      expect(o.paidAt && o.shippedAt && o.carrier && o.trackingNo).toBeTruthy();
      expect(o.logistics.length).toBeGreaterThanOrEqual(2);
      expect(o.logistics.length).toBeLessThanOrEqual(4);
      expect(o.logistics.some((e) => e.status === '已签收')).toBe(false);
    }
  });

  it('has one shipped order stuck on an 异常 event for days', () => {
    const stuck = byStatus('shipped').filter((o) => o.logistics[o.logistics.length - 1].status === '异常');
    expect(stuck).toHaveLength(1);
    const last = stuck[0].logistics[stuck[0].logistics.length - 1];
    expect(TODAY_END - time(last.at)).toBeGreaterThan(3 * 24 * 3600 * 1000);
  });

  it('ends delivered/completed logistics with 已签收', () => {
    for (const o of byStatus('delivered', 'completed')) {
      expect(o.paidAt && o.shippedAt && o.carrier && o.trackingNo).toBeTruthy();
      expect(o.logistics.length).toBeGreaterThanOrEqual(2);
      expect(o.logistics[o.logistics.length - 1].status).toBe('已签收');
    }
  });

  it('starts every shipment with 已揽收 at the shipping time, and only shipped orders carry a tracking number', () => {
    for (const o of demoOrders) {
      if (o.logistics.length > 0) {
        expect(o.logistics[0].status).toBe('已揽收');
        expect(o.logistics[0].at).toBe(o.shippedAt);
        expect(o.logistics.every((e) => /^【.+?】/.test(e.description))).toBe(true);
      }
      expect(o.trackingNo === undefined).toBe(o.shippedAt === undefined);
      expect(o.carrier === undefined).toBe(o.shippedAt === undefined);
    }
  });
});

describe('demo knowledge', () => {
  it('has exactly 40 entries with unique ids and titles', () => {
    expect(demoKnowledge).toHaveLength(40);
    expect(duplicates(demoKnowledge.map((k) => k.id))).toEqual([]);
    expect(duplicates(demoKnowledge.map((k) => k.title))).toEqual([]);
  });

  it('has well-formed entries', () => {
    for (const k of demoKnowledge) {
      expect(k.id).toMatch(/^kb-[a-z0-9-]+$/);
      expect(k.title.trim()).not.toBe('');
      const sentences = k.answer.split(/[。！？]/).filter((s) => s.trim() !== '');
      expect(sentences.length).toBeGreaterThanOrEqual(1);
      expect(sentences.length).toBeLessThanOrEqual(4);
      expect(k.tags.length).toBeGreaterThan(0);
      expect(k.keywords.length).toBeGreaterThan(0);
      expect(k.similarQuestions.length).toBeGreaterThanOrEqual(2);
      expect(k.similarQuestions.length).toBeLessThanOrEqual(4);
    }
  });
});
