import type { DemoConsoleUser, DemoTenant } from './demo-types';

export * from './demo-types';
export { demoProducts } from './demo-products';
export { demoShoppers } from './demo-shoppers';
export { demoOrders } from './demo-orders';
export { demoKnowledge } from './demo-knowledge';

/** The demo tenant. Order numbers are 'E' + yyyymmdd + a 3-digit sequence, e.g. E20261120002. */
export const demoTenant: DemoTenant = { key: 'demo', name: '潮品生活旗舰店', orderNumberPattern: '^E\\d{11}$' };

/** Console accounts seeded for the demo tenant. Demo-only passwords: never reuse outside the demo. */
export const demoConsoleUsers: DemoConsoleUser[] = [
  { email: 'owner@demo.kefu', role: 'owner', password: 'demo-owner-pass' },
  { email: 'agent@demo.kefu', role: 'agent', password: 'demo-agent-pass' },
  { email: 'viewer@demo.kefu', role: 'viewer', password: 'demo-viewer-pass' },
];
