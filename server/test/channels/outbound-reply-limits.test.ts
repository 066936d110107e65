import Redis from 'ioredis';
import { douyinProtocol, encodeMessageId } from '@kefu/adapter-douyin';
import { wechatProtocol } from '@kefu/adapter-wechat';
import type { Card } from '@kefu/shared';
import { Tenant } from '../../src/auth/models';
import type { RunningKefu } from '../../src/boot';
import { encryptChannelConfig } from '../../src/channels/channel-account-config';
import { ChannelAccount } from '../../src/channels/models';
import { checkReplyLimits } from '../../src/channels/reply-limits';
import { MemoryChannelCache, RedisChannelCache } from '../../src/channels/shared-cache';
import { storeReply } from '../../src/conversations/conversation-service';
import { Conversation, Message } from '../../src/conversations/models';
import { ChannelIdentity } from '../../src/customers/models';
import { DouyinOpenPlatform } from '../../../adapters/douyin/test/douyin-open-platform';
import { LocalWechatApi } from '../../../adapters/wechat/test/local-wechat-api';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { testServiceUrls } from '../support/service-urls';
import { describeWithServices } from '../support/test-database';
import { waitFor } from '../support/wait-for';

/** Booting Kefu (Chroma, migrations, language models) takes minutes on a loaded shared machine. */
const BOOT_TIMEOUT_MS = 240_000;
const HOUR = 3_600_000;
const SEND_PATH = '/im/send/msg/';

/**
 * The outbound flow keeps to each Douyin account's own limits (its config's replyWindowHours and
 * repliesPerInbound over the platform defaults) and to WeChat's replies per shopper message, on the
 * production set-up (MariaDB, Redis, Bull), the platforms played by local API servers. Replies go
 * through the real outbound queue.
 */
describeWithServices('outbound: per-account reply window and replies per shopper message (MariaDB + Redis)', () => {
  const platform = new DouyinOpenPlatform();
  const wechatApi = new LocalWechatApi();
  let kefu: RunningKefu;
  let tenantId: number;
  let sequence = 0;

  beforeAll(async () => {
    await platform.start();
    await wechatApi.start();
    kefu = await startTestKefu(await productionTestEnv('outbound_limits', { SEED_DEMO: 'false' }));
    tenantId = (await Tenant.create({ key: 'limits-shop', name: 'Limits Shop', orderNumberPattern: null })).id;
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await kefu?.stop();
    await platform.stop();
    await wechatApi.stop();
  });

  /** A channel account with this (already validated) config, and one shopper's conversation on it. */
  async function conversationOn(platformName: 'douyin' | 'wechat', appId: string, config: unknown, shopper: string): Promise<Conversation> {
    const account = await ChannelAccount.create({ tenantId, platform: platformName, appId, name: `${platformName} ${appId}`, credentialsEncrypted: encryptChannelConfig(kefu.runtime.cipher, config), unionScope: null });
    const identity = await ChannelIdentity.create({ tenantId, channelAccountId: account.id, externalId: shopper, unionId: null, customerId: null, displayName: null });
    return Conversation.create({ tenantId, customerId: null, channelAccountId: account.id, channelIdentityId: identity.id, status: 'open', lastMessageAt: new Date() });
  }

  /** A Douyin account of its own (its business open_id tells its API calls apart) and one shopper's conversation on it. */
  async function douyinConversation(limits: { replyWindowHours?: number; repliesPerInbound?: number }): Promise<{ conversation: Conversation; businessOpenId: string }> {
    const n = (sequence += 1);
    const businessOpenId = `biz-open-id-${n}`;
    const config = douyinProtocol.configSchema.parse({ apiBaseUrl: platform.url, clientKey: `ck-${n}`, clientSecret: 'cs', businessOpenId, refreshToken: 'rft.operator', ...limits });
    return { conversation: await conversationOn('douyin', `ck-${n}`, config, `dy-shopper-${n}`), businessOpenId };
  }

  /** A shopper message as the webhook stores it (its id names the Douyin conversation and message), written `ageMs` ago. */
  async function shopperWrites(conversation: Conversation, ageMs = 0): Promise<Message> {
    const serverMessageId = `73${Date.now()}${(sequence += 1)}`;
    const message = await Message.create({ tenantId, conversationId: conversation.id, channelAccountId: conversation.channelAccountId, platformMessageId: encodeMessageId('7123456789', serverMessageId), role: 'shopper', kind: 'text', text: '在吗', status: 'answered' });
    if (ageMs > 0) await Message.update({ createdAt: new Date(Date.now() - ageMs) }, { where: { tenantId, id: message.id }, silent: true });
    return message;
  }

  /** A bot reply to `inbound` through the outbound queue, once it is sent or failed. */
  async function replyAndSettle(inbound: Message, index: number, cards: Card[] = []): Promise<Message> {
    const reply = await storeReply(inbound, index, { role: 'bot', text: `回复 ${index}`, cards });
    await kefu.runtime.queues.outbound.add({ messageId: String(reply.id), tenantId: String(tenantId) }, { jobId: `out:${reply.id}` });
    return waitFor(`reply ${reply.id} settled`, () => Message.findOne({ where: { tenantId, id: reply.id, status: ['sent', 'failed'] } }));
  }

  const sendsFrom = (businessOpenId: string) => platform.callsTo(SEND_PATH).filter((call) => call.query.get('open_id') === businessOpenId);

  it("refuses a reply outside the account's 1-hour window without calling Douyin, and says why", async () => {
    const { conversation, businessOpenId } = await douyinConversation({ replyWindowHours: 1 });
    const inbound = await shopperWrites(conversation, 2 * HOUR);
    const reply = await replyAndSettle(inbound, 0);
    expect(reply).toMatchObject({ status: 'failed', failureReason: "outside the 1-hour window since the shopper's last message", attempts: 1 });
    expect(sendsFrom(businessOpenId)).toHaveLength(0);
  });

  it("sends the same 2-hour-old case on an account with Douyin's default window", async () => {
    const { conversation, businessOpenId } = await douyinConversation({});
    const inbound = await shopperWrites(conversation, 2 * HOUR);
    const reply = await replyAndSettle(inbound, 0);
    expect(reply.status).toBe('sent');
    expect(sendsFrom(businessOpenId)).toHaveLength(1);
  });

  it('allows two replies per shopper message on an account set to 2; a new shopper message starts a new count', async () => {
    const { conversation, businessOpenId } = await douyinConversation({ repliesPerInbound: 2 });
    const first = await shopperWrites(conversation);
    const productCard: Card = { type: 'product', title: '纯棉T恤', body: '¥79', actions: [{ label: '查看', text: '查看纯棉T恤' }] };
    expect((await replyAndSettle(first, 0)).status).toBe('sent');
    // Text and a card go out as one flattened message, so they take one place in the quota, as Douyin counts them.
    expect((await replyAndSettle(first, 1, [productCard])).status).toBe('sent');
    expect(sendsFrom(businessOpenId)[1]!.body).toContain('纯棉T恤');
    const third = await replyAndSettle(first, 2);
    expect(third).toMatchObject({ status: 'failed', failureReason: 'Douyin allows 2 replies per shopper message', attempts: 1 });
    expect(sendsFrom(businessOpenId)).toHaveLength(2);

    const next = await shopperWrites(conversation);
    expect((await replyAndSettle(next, 0)).status).toBe('sent');
    expect(sendsFrom(businessOpenId)).toHaveLength(3);
    expect(JSON.parse(sendsFrom(businessOpenId)[2]!.body)).toMatchObject({ msg_id: next.platformMessageId.split(':')[1] });
  });

  it("on WeChat, sends the reply past the platform's 5 per shopper message as the account's subscribe message", async () => {
    const config = wechatProtocol.configSchema.parse({ kind: 'mini_program', appId: 'wx-mp-limits', appSecret: 'app-secret', token: 'push-token', mode: 'plain', apiBaseUrl: wechatApi.url, outOfWindowTemplate: { templateId: 'tpl-reply' } });
    const conversation = await conversationOn('wechat', 'wx-mp-limits', config, 'o-mp-shopper');
    const inbound = await shopperWrites(conversation);
    const to = (path: string) => wechatApi.sends(path).filter((call) => call.body.touser === 'o-mp-shopper');
    for (const index of [0, 1, 2, 3, 4]) expect((await replyAndSettle(inbound, index)).status).toBe('sent');
    expect(to('/cgi-bin/message/custom/send')).toHaveLength(5);
    expect(to('/cgi-bin/message/subscribe/send')).toHaveLength(0);

    expect((await replyAndSettle(inbound, 5)).status).toBe('sent');
    expect(to('/cgi-bin/message/custom/send')).toHaveLength(5);
    expect(to('/cgi-bin/message/subscribe/send')).toEqual([expect.objectContaining({ body: expect.objectContaining({ template_id: 'tpl-reply' }) })]);
  });

  it('gives out exactly the quota when two processes claim places for the same shopper message at once', async () => {
    const { conversation } = await douyinConversation({ repliesPerInbound: 2 });
    await shopperWrites(conversation);
    const prefix = `kefu-test-quota-race-${process.env.JEST_WORKER_ID ?? '0'}-${Date.now()}`;
    const connections = [new Redis(testServiceUrls().redis), new Redis(testServiceUrls().redis)];
    try {
      const processes = connections.map((redis) => new RedisChannelCache(redis, prefix));
      const reply = (n: number) => ({ tenantId, channelAccountId: conversation.channelAccountId, conversationId: conversation.id, replyId: `race-${n}`, platform: 'douyin' as const });
      const window = { hours: 24, quota: 2 };
      const verdicts = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => checkReplyLimits(processes[n % 2]!, window, reply(n), new Date())));
      expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(2);
      // A reply that gives its place back (the platform refused it) lets the next one through.
      const held = verdicts.find((verdict) => verdict.allowed);
      if (held?.allowed) await held.slot?.release();
      expect((await checkReplyLimits(processes[0]!, window, reply(6), new Date())).allowed).toBe(true);
      expect((await checkReplyLimits(processes[1]!, window, reply(7), new Date())).allowed).toBe(false);
    } finally {
      const keys = await connections[0]!.keys(`${prefix}:*`);
      if (keys.length > 0) await connections[0]!.del(...keys);
      connections.forEach((redis) => redis.disconnect());
    }
  });

  it('a reply rendered to several platform messages takes a place for each, or none at all', async () => {
    const { conversation } = await douyinConversation({ repliesPerInbound: 3 });
    await shopperWrites(conversation);
    const cache = new MemoryChannelCache();
    const reply = (n: number, messages: number) => ({ tenantId, channelAccountId: conversation.channelAccountId, conversationId: conversation.id, replyId: `parts-${n}`, platform: 'douyin' as const, messages });
    const window = { hours: 24, quota: 3 };
    expect((await checkReplyLimits(cache, window, reply(1, 2), new Date())).allowed).toBe(true);
    // One place is left: a two-message reply is refused whole…
    expect(await checkReplyLimits(cache, window, reply(2, 2), new Date())).toMatchObject({ allowed: false, reason: expect.stringMatching(/3 replies per shopper message/) });
    // …and gives back the place it had taken, so a one-message reply still fits, and then nothing does.
    expect((await checkReplyLimits(cache, window, reply(3, 1), new Date())).allowed).toBe(true);
    expect((await checkReplyLimits(cache, window, reply(4, 1), new Date())).allowed).toBe(false);
  });
});
