import { demoOrders } from './demo-orders';

/**
 * The demo data is written around one fixed "today". Seeding moves every demo date by whole days
 * towards the day the demo is seeded, so a newcomer meets the same story any month: an order placed
 * this morning, a parcel stuck for four days, a promotion still running.
 */
export const DEMO_TODAY = '2026-11-26';

const DAY_MS = 86_400_000;

/** With its offset: a date without one would be read in the server's own time zone. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The newest moment of the demo's story: an order placed on the morning of its "today" (09:20 Beijing time). */
const NEWEST_DEMO_MOMENT = Math.max(
  ...demoOrders.flatMap((o) => [o.createdAt, o.paidAt, o.shippedAt, ...o.logistics.map((e) => e.at)]).flatMap((iso) => (iso ? [Date.parse(iso)] : [])),
);

/**
 * Whole days to move the demo by: the story's newest moment goes to the last same time of day not
 * after `seededAt`. Seeded after 09:21 Beijing time that is the seed's own day (0 on 2026-11-26);
 * seeded earlier in the morning it is the day before, so no demo order or tracking event lies in
 * the future (a future tracking event would outrank whatever happens to the parcel now). Every seed
 * within the same 24 hours gets the same dates.
 */
export function demoShiftDays(seededAt: Date): number {
  return Math.floor((seededAt.getTime() - NEWEST_DEMO_MOMENT) / DAY_MS);
}

/**
 * A demo date string (ISO 8601 with offset) as the instant it stands for in a demo seeded at
 * `seededAt`. The demo dates are Beijing time and China has no daylight saving, so a whole-day
 * shift keeps their time of day.
 */
export function demoDate(iso: string, seededAt: Date): Date {
  const at = Date.parse(iso);
  if (!ISO_WITH_OFFSET.test(iso) || Number.isNaN(at)) throw new Error(`demo date is not ISO 8601 with an offset: ${iso}`);
  return new Date(at + demoShiftDays(seededAt) * DAY_MS);
}
