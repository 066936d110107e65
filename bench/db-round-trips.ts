/**
 * Database round trips per bot-answered message, read from the target's own counters on /metrics
 * (`kefu_db_queries_total`, fed by a Sequelize hook on every statement, and the delivery counter).
 * Messages are sent one at a time after the target is quiet, so the delta covers exactly what those
 * messages caused: the accepting request, the inbound worker and the outbound worker.
 */
export interface TargetCounters {
  queries: number;
  delivered: number;
}

export async function readCounters(url: string): Promise<TargetCounters> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const sum = (pattern: RegExp) =>
    text
      .split('\n')
      .filter((line) => pattern.test(line))
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  return { queries: sum(/^kefu_db_queries_total /), delivered: sum(/^kefu_deliveries_total\{.*status="sent"/) };
}

/** Waits until `delivered` replies are out and no query ran for three looks in a row. */
export async function waitForQuiet(url: string, delivered: number, timeoutMs = 30_000): Promise<TargetCounters> {
  const deadline = Date.now() + timeoutMs;
  let last: TargetCounters | undefined;
  let quiet = 0;
  while (Date.now() < deadline) {
    const now = await readCounters(url);
    quiet = last && now.queries === last.queries && now.delivered >= delivered ? quiet + 1 : 0;
    if (quiet >= 3) return now;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`target not quiet within ${timeoutMs} ms (waiting for ${delivered} deliveries)`);
}

/** Sends `count` messages with `sendOne` (each resolving once answered) and divides the queries they caused. */
export async function roundTripsPerMessage(url: string, count: number, sendOne: (i: number) => Promise<void>): Promise<number> {
  const before = await waitForQuiet(url, 0);
  for (let i = 0; i < count; i++) await sendOne(i);
  const after = await waitForQuiet(url, before.delivered + count);
  return (after.queries - before.queries) / count;
}
