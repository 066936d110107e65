/** How far `timeZone`'s wall clock is ahead of UTC at `at`, in ms (negative west of Greenwich). */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wallClockAsUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wallClockAsUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The first instant of `now`'s calendar month on the merchant's wall clock: a shop in Shanghai
 * starts December at 2026-11-30T16:00Z, not eight hours later at UTC midnight.
 */
export function monthStartIn(now: Date, timeZone: string): Date {
  const local = new Date(now.getTime() + zoneOffsetMs(now, timeZone));
  const firstMidnightAsUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1);
  // The offset at the month's start can differ from now's (daylight saving changed in between):
  // take the offset in force at the first guess, which is the one at midnight of the 1st.
  const guess = firstMidnightAsUtc - zoneOffsetMs(now, timeZone);
  return new Date(firstMidnightAsUtc - zoneOffsetMs(new Date(guess), timeZone));
}
