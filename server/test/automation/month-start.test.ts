import { monthStartIn } from '../../src/automation/month-start';

/** Coupon budgets reset on the merchant's calendar, not UTC's. Expected instants are worked out by hand. */
describe('monthStartIn', () => {
  it('starts December in Shanghai at 16:00 UTC on 30 November', () => {
    // 2026-11-30T17:00Z is 2026-12-01 01:00 in Shanghai: already December there.
    expect(monthStartIn(new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(monthStartIn(new Date('2026-11-30T16:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    // One second earlier it is still 30 November 23:59:59 there.
    expect(monthStartIn(new Date('2026-11-30T15:59:59Z'), 'Asia/Shanghai').toISOString()).toBe('2026-10-31T16:00:00.000Z');
  });

  it('is UTC midnight of the 1st for a UTC merchant', () => {
    expect(monthStartIn(new Date('2026-11-30T17:00:00Z'), 'UTC').toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it('crosses a year boundary', () => {
    expect(monthStartIn(new Date('2026-12-31T16:30:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('uses the offset in force at the start of the month when daylight saving changed since', () => {
    // New York left daylight saving on 2026-11-01 at 02:00: midnight of the 1st was still UTC-4.
    expect(monthStartIn(new Date('2026-11-15T12:00:00Z'), 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    // London entered summer time on 2026-03-29: 1 April starts at 23:00 UTC the day before.
    expect(monthStartIn(new Date('2026-04-10T12:00:00Z'), 'Europe/London').toISOString()).toBe('2026-03-31T23:00:00.000Z');
  });
});
