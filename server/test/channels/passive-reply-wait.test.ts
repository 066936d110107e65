import { tmpdir } from 'node:os';
import Redis from 'ioredis';
import { Tenant } from '../../src/auth/models';
import { ensureChannelAccount } from '../../src/channels/channel-account-service';
import type { ChannelServices } from '../../src/channels/channel-services';
import type { ChannelAccount } from '../../src/channels/models';
import { announceInboundSettled, awaitPassiveReply, deliveryClaimKey, passiveWaitKey } from '../../src/channels/passive-reply';
import { RedisPubSub } from '../../src/channels/pub-sub';
import { RedisChannelCache } from '../../src/channels/shared-cache';
import { WakeUpSignal } from '../../src/channels/wake-up-signal';
import { findMessage, setMessageStatus, storeInboundMessage, storeReply } from '../../src/conversations/conversation-service';
import { Message } from '../../src/conversations/models';
import { upsertChannelIdentity } from '../../src/customers/identity-service';
import { openDatabase, type Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { deleteTestRedisKeys } from '../support/redis-keys';
import { testServiceUrls } from '../support/service-urls';
import { describeWithServices, freshMysqlDatabase } from '../support/test-database';

jest.setTimeout(60_000);

type Process = Pick<ChannelServices, 'cache' | 'wakeUps'> & { close(): Promise<void> };

/** One Kefu process's channel services on the shared Redis: its own connections, the deployment's prefix. */
async function processOn(prefix: string): Promise<Process> {
  const redis = new Redis(testServiceUrls().redis);
  const pubsub = new RedisPubSub(testServiceUrls().redis, prefix);
  const wakeUps = new WakeUpSignal(pubsub);
  await wakeUps.start();
  return {
    cache: new RedisChannelCache(redis, prefix),
    wakeUps,
    close: async () => {
      await pubsub.close();
      redis.disconnect();
    },
  };
}

/**
 * The webhook holding a passive reply and the worker answering the message run in two processes
 * (MariaDB + Redis). The worker here is the test, calling the same functions the pipeline calls, so
 * it can answer after the webhook's first look, with or without the wake-up.
 */
describeWithServices('passive reply: the webhook waits for the worker wake-up, with a fallback check (MariaDB + Redis)', () => {
  const prefix = `kefu-test-passive-${process.env.JEST_WORKER_ID ?? '0'}-${Date.now()}`;
  let db: Database;
  let webhook: Process;
  let worker: Process;
  let account: ChannelAccount;
  let tenantId: number;
  let channelIdentityId: number;
  let sequence = 0;

  beforeAll(async () => {
    db = await openDatabase({ url: await freshMysqlDatabase('passive_wait'), dataDir: tmpdir(), logger: createLogger('silent'), migrate: true });
    webhook = await processOn(prefix);
    worker = await processOn(prefix);
    tenantId = (await Tenant.create({ key: 'passive-shop', name: 'Passive Shop', orderNumberPattern: null })).id;
    account = await ensureChannelAccount(tenantId, 'wechat', 'wx-passive', '公众号');
    channelIdentityId = (await upsertChannelIdentity({ tenantId, channelAccountId: account.id, externalId: 'o-passive-shopper' })).id;
  });
  afterAll(async () => {
    await webhook?.close();
    await worker?.close();
    await db?.close();
    await deleteTestRedisKeys(prefix);
  });

  /** Resolves once `count` more queries have run: the webhook's first look is two (status, reply). */
  const afterQueries = (count: number) =>
    new Promise<void>((resolve) => {
      let seen = 0;
      const name = `count-${(sequence += 1)}`;
      db.sequelize.addHook('afterQuery', name, () => {
        seen += 1;
        if (seen === count) {
          db.sequelize.removeHook('afterQuery', name);
          resolve();
        }
      });
    });

  /** A shopper message the webhook announced a passive reply for, as webhook-handler does before queueing it. */
  async function waitedOnInbound(text: string): Promise<Message> {
    const { message } = await storeInboundMessage({ tenantId, channelAccountId: account.id, channelIdentityId, platformMessageId: `pm-${Date.now()}-${(sequence += 1)}`, kind: 'text', text });
    await setMessageStatus(message, 'processing');
    await webhook.cache.set(passiveWaitKey(account.id, message.platformMessageId), '1', 30);
    return message;
  }

  /** The webhook's side: a waited-on message and its wait, past a first look (status, reply) that found nothing yet. */
  async function webhookWaiting(text: string, fallbackMs?: number) {
    const inbound = await waitedOnInbound(text);
    const firstLook = afterQueries(2);
    const waiting = awaitPassiveReply(webhook, inbound, 20_000, fallbackMs);
    await firstLook;
    return { inbound, waiting };
  }

  /** The worker's end of handle-inbound: the reply (unless a person has the conversation), answered, then the wake-up. */
  async function workerAnswers(inbound: Message, options: { reply: boolean; wakeUp: boolean }): Promise<Message | null> {
    const own = (await findMessage(tenantId, inbound.id))!;
    const reply = options.reply ? await storeReply(own, 0, { role: 'bot', text: '支持七天无理由退货' }) : null;
    await setMessageStatus(own, 'answered');
    if (options.wakeUp) await announceInboundSettled(worker, own);
    return reply;
  }

  it("takes the reply when the worker's wake-up arrives, claims it and marks it sent", async () => {
    // No fallback check within the deadline: only the wake-up can end this wait with the reply.
    const { inbound, waiting } = await webhookWaiting('七天无理由能退吗', 60_000);
    const reply = await workerAnswers(inbound, { reply: true, wakeUp: true });
    const result = await waiting;
    expect(result.via).toBe('wake_up');
    expect(result.reply?.id).toBe(reply!.id);
    expect((await findMessage(tenantId, reply!.id))!.status).toBe('sent');
    expect(await worker.cache.get(deliveryClaimKey(reply!.id))).toBe('passive');
  });

  it('still answers in the response when the wake-up is lost: the fallback check finds the reply', async () => {
    const { inbound, waiting } = await webhookWaiting('运费谁出');
    const reply = await workerAnswers(inbound, { reply: true, wakeUp: false });
    const result = await waiting;
    expect(result.via).toBe('fallback_check');
    expect(result.reply?.id).toBe(reply!.id);
    expect((await findMessage(tenantId, reply!.id))!.status).toBe('sent');
  });

  it('stops waiting at the wake-up when the message was answered without a reply (a person has the conversation)', async () => {
    const { inbound, waiting } = await webhookWaiting('转人工', 60_000);
    await workerAnswers(inbound, { reply: false, wakeUp: true });
    await expect(waiting).resolves.toEqual({ reply: null, via: 'wake_up' });
  });

  it('leaves a reply the outbound worker already claimed to the outbound worker', async () => {
    const { inbound, waiting } = await webhookWaiting('有优惠券吗', 60_000);
    const reply = await workerAnswers(inbound, { reply: true, wakeUp: false });
    await worker.cache.setIfAbsent(deliveryClaimKey(reply!.id), 'outbound', 60);
    await announceInboundSettled(worker, (await findMessage(tenantId, inbound.id))!);
    await expect(waiting).resolves.toEqual({ reply: null, via: 'wake_up' });
    expect((await findMessage(tenantId, reply!.id))!.status).toBe('pending');
  });

  it('announces only messages a webhook waits on', async () => {
    const { message } = await storeInboundMessage({ tenantId, channelAccountId: account.id, channelIdentityId, platformMessageId: `pm-async-${Date.now()}`, kind: 'text', text: '你好' });
    const published: string[] = [];
    const spy = new RedisPubSub(testServiceUrls().redis, prefix);
    try {
      await spy.subscribe('channel-wake-ups', (key) => published.push(key));
      await announceInboundSettled(worker, message);
      const waited = await waitedOnInbound('在吗');
      await announceInboundSettled(worker, waited);
      // Redis delivers in publish order: once the second wake-up is here, the first would have been too.
      const deadline = Date.now() + 10_000;
      while (published.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(published).toEqual([`inbound-settled:${tenantId}:${waited.id}`]);
    } finally {
      await spy.close();
    }
  });
});
