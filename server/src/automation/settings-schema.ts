import { z } from 'zod';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour clock');
const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * What a merchant controls in the proactive service. Every feature is off until the merchant turns
 * it on: nobody should get messages from a shop that did not decide to send them.
 */
export const automationSettingsSchema = z.strictObject({
  /** The merchant's wall clock: quiet hours and the months of the coupon budgets follow it. */
  timeZone: z.string().refine(isTimeZone, 'unknown IANA time zone').default('Asia/Shanghai'),
  /** No proactive message between start and end (tenant local time); may wrap past midnight. */
  quietHours: z.strictObject({ start: clock, end: clock }).nullable().default({ start: '22:00', end: '08:00' }),
  logistics: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** A shipped parcel with no new tracking event for this long counts as stalled. */
      stalledHours: z.number().int().min(1).max(24 * 30).default(72),
      /** Compensation coupon offered with the apology; 0 offers none. */
      compensationCouponCents: z.number().int().min(0).max(100_000).default(1000),
      /** Total compensation coupons per calendar month in `timeZone`; above it the apology goes out without one. */
      monthlyBudgetCents: z.number().int().min(0).max(100_000_000).default(50_000),
      /** Lost, damaged or returned parcels need a decision by a person (reship or refund). */
      createAgentTask: z.boolean().default(true),
    })
    .default({ enabled: false, stalledHours: 72, compensationCouponCents: 1000, monthlyBudgetCents: 50_000, createAgentTask: true }),
  unpaid: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** Minutes after the order was placed at which to remind, e.g. [30, 720]. */
      remindAfterMinutes: z.array(z.number().int().min(1).max(60 * 24 * 14)).min(1).max(5).default([30, 720]),
      /** At most this many unpaid-order reminders per shopper within `perDays`. */
      maxPerShopper: z.number().int().min(1).max(20).default(2),
      perDays: z.number().int().min(1).max(90).default(7),
    })
    .default({ enabled: false, remindAfterMinutes: [30, 720], maxPerShopper: 2, perDays: 7 }),
  carts: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** Minutes after the shopper last changed an active cart at which to remind, e.g. [60, 1440]. */
      remindAfterMinutes: z.array(z.number().int().min(1).max(60 * 24 * 14)).min(1).max(5).default([60, 1440]),
      /** At most this many cart reminders per shopper within `perDays`, whatever the number of carts. */
      maxPerShopper: z.number().int().min(1).max(20).default(2),
      perDays: z.number().int().min(1).max(90).default(7),
    })
    .default({ enabled: false, remindAfterMinutes: [60, 1440], maxPerShopper: 2, perDays: 7 }),
  highValue: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** CRM member levels that count as high value… */
      tiers: z.array(z.string().min(1).max(16)).max(10).default(['gold', 'platinum']),
      /** …or this lifetime value (paid orders, cents), whichever is met. */
      minLifetimeValueCents: z.number().int().min(0).default(300_000),
      /** Thank-you coupon this many days after an order is delivered; null turns the trigger off. */
      afterDeliveryDays: z.number().int().min(0).max(60).nullable().default(3),
      /** Win-back coupon when the last order is older than this; null turns the trigger off. */
      inactiveDays: z.number().int().min(7).max(365).nullable().default(null),
      couponCents: z.number().int().min(1).max(100_000).default(2000),
      /** Total of these coupons per calendar month in `timeZone`; above it no more are issued. */
      monthlyBudgetCents: z.number().int().min(0).max(100_000_000).default(20_000),
    })
    .default({ enabled: false, tiers: ['gold', 'platinum'], minLifetimeValueCents: 300_000, afterDeliveryDays: 3, inactiveDays: null, couponCents: 2000, monthlyBudgetCents: 20_000 }),
});
export type AutomationSettings = z.infer<typeof automationSettingsSchema>;

export const DEFAULT_AUTOMATION_SETTINGS: AutomationSettings = automationSettingsSchema.parse({});
