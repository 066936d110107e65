import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { signShopperToken } from '@kefu/adapter-web';
import { KefuWebClient, type WebMessage, type WebSocketLike } from '@kefu/shared';
import { DEMO_SHOPPER_TOKEN_SECRET } from '../server/src/demo/seed-demo';

/**
 * Order-status round trips: each demo shopper, signed in with a merchant token, asks "订单XXX到哪了"
 * about their own order that has logistics, waits for the bot's answer on the WebSocket, and asks
 * again. Only answers that really disclose the order with its logistics (verified owner → status
 * + latest event + a logistics card) count; anything else is reported as wrong.
 */
const ORDERS_BY_SHOPPER: [ref: string, orderNo: string][] = [
  ['zhangwei', 'E20261124005'],
  ['lina', 'E20261105002'],
  ['wangfang', 'E20261015001'],
  ['liuyang', 'E20261124008'],
  ['chenjing', 'E20261116003'],
  ['zhaolei', 'E20261117005'],
];

export interface OrderStatusFigures {
  rps: number;
  p50: number;
  p99: number;
  completed: number;
  wrong: number;
  timeouts: number;
  shoppers: number;
}

function isVerifiedLogisticsAnswer(message: WebMessage, orderNo: string): boolean {
  return message.text.includes(orderNo) && message.text.includes('最新物流') && (message.cards ?? []).some((c) => c.type === 'logistics' && (c.timeline?.length ?? 0) > 0);
}

export async function orderStatusRoundTrips(url: string, durationS: number, replyTimeoutMs = 15_000): Promise<OrderStatusFigures> {
  const clients = await Promise.all(
    ORDERS_BY_SHOPPER.map(async ([ref]) => {
      const client = new KefuWebClient(url);
      await client.startSession('demo', signShopperToken({ ref, exp: Math.floor(Date.now() / 1000) + 3600 }, DEMO_SHOPPER_TOKEN_SECRET));
      return client;
    }),
  );
  const sockets: WebSocket[] = [];
  const waiting: ({ sentId: number; done: (m: WebMessage) => void } | undefined)[] = clients.map(() => undefined);
  const early: (WebMessage | undefined)[] = clients.map(() => undefined);
  await Promise.all(
    clients.map(
      (client, i) =>
        new Promise<void>((opened, failed) => {
          client.connect(
            (wsUrl) => {
              const ws = new WebSocket(wsUrl);
              ws.once('open', () => opened());
              ws.once('error', failed);
              sockets.push(ws);
              return ws as unknown as WebSocketLike;
            },
            (frame) => {
              if (frame.type !== 'message' || frame.message.role !== 'bot') return;
              const waiter = waiting[i];
              if (waiter && Number(frame.message.id) > waiter.sentId) {
                waiting[i] = undefined;
                waiter.done(frame.message);
              } else if (!waiter) {
                early[i] = frame.message; // the push beat the POST's own response
              }
            },
          );
        }),
    ),
  );
  const latencies: number[] = [];
  let wrong = 0;
  let timeouts = 0;
  const runId = randomBytes(4).toString('hex');
  const started = Date.now();
  const end = started + durationS * 1000;
  await Promise.all(
    clients.map(async (client, i) => {
      const orderNo = ORDERS_BY_SHOPPER[i][1];
      let n = 0;
      while (Date.now() < end) {
        n += 1;
        early[i] = undefined;
        const t0 = performance.now();
        const sent = await client.send(`订单${orderNo}到哪了`, `os-${runId}-${i}-${n}`);
        const sentId = Number(sent.id);
        const reply = await new Promise<WebMessage | null>((done) => {
          const pushed = early[i];
          if (pushed && Number(pushed.id) > sentId) return done(pushed);
          const timer = setTimeout(() => {
            waiting[i] = undefined;
            done(null);
          }, replyTimeoutMs);
          waiting[i] = {
            sentId,
            done: (m) => {
              clearTimeout(timer);
              done(m);
            },
          };
        });
        if (!reply) timeouts += 1;
        else if (!isVerifiedLogisticsAnswer(reply, orderNo)) wrong += 1;
        else latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsedS = (Date.now() - started) / 1000;
  for (const socket of sockets) socket.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
  return { rps: latencies.length / elapsedS, p50: pct(50), p99: pct(99), completed: latencies.length, wrong, timeouts, shoppers: clients.length };
}
