import { Tenant } from '../../src/auth/models';
import type { RunningKefu } from '../../src/boot';
import { Message } from '../../src/conversations/models';
import { LocalWechatApi } from '../../../adapters/wechat/test/local-wechat-api';
import { warmUp } from './warm-up';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';
import { ConsoleClient } from './console-client';
import { openPassiveReply, safeModePush, TEST_AES_KEY, textPushXml, type WechatTestAccount } from './wechat-push';

/** Booting Kefu (Chroma, migrations, seeding, language models) takes minutes on a loaded shared machine. */
const BOOT_TIMEOUT_MS = 240_000;

const account: WechatTestAccount = { appId: 'wx-two-process', token: 'two-process-token', encodingAesKey: TEST_AES_KEY };

/**
 * Two Kefu processes behind one load balancer, sharing MariaDB and Redis (Bull queues, the shared
 * cache). WeChat's retry lands on the other process while the first is still working: the message
 * must be stored once, answered once and delivered once.
 */
describeWithServices('the same WeChat delivery to two processes', () => {
  const api = new LocalWechatApi();
  let first: RunningKefu;
  let second: RunningKefu;
  let owner: ConsoleClient;
  let accountId: number;
  let tenantId: number;

  const post = (kefu: RunningKefu, push: { path: string; body: string }) =>
    fetch(`${kefu.url}/webhooks/wechat/${accountId}${push.path}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: push.body }).then(async (r) => ({
      status: r.status,
      body: await r.text(),
    }));

  beforeAll(async () => {
    await api.start();
    const env = await productionTestEnv('wechat_two_process');
    first = await startTestKefu(env);
    second = await startTestKefu(env);
    // Warm both processes (the first message of a process loads the language models).
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
    for (const kefu of [first, second]) await warmUp(kefu, tenantId);
    owner = await ConsoleClient.login(first.url, 'owner@demo.kefu', 'demo-owner-pass');
    const created = await owner.request('POST', '/channel-accounts', {
      platform: 'wechat',
      appId: account.appId,
      name: 'two-process',
      config: { appId: account.appId, appSecret: 'app-secret', token: account.token, encodingAesKey: account.encodingAesKey, mode: 'safe', apiBaseUrl: api.url },
    });
    expect(created.status).toBe(201);
    accountId = (created.body.channelAccount as { id: number }).id;
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await api.stop();
  });

  async function expectHandledOnce(platformMessageId: string, openId: string, passiveAnswers: number): Promise<void> {
    // Settle: give any second worker or second send time to happen if it were going to.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const stored = await Message.findAll({ where: { tenantId, channelAccountId: accountId, platformMessageId } });
    expect(stored).toHaveLength(1);
    const replies = await Message.findAll({ where: { tenantId, replyToId: stored[0]!.id } });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.status).toBe('sent');
    const apiSends = api.sends().filter((c) => c.body.touser === openId).length;
    expect(apiSends + passiveAnswers).toBe(1);
  }

  it('with passive replies: one process answers in its response, the other acknowledges, nothing is sent twice', async () => {
    const push = safeModePush(account, textPushXml('o-two-1', '920001', '七天无理由能退吗'));
    const responses = await Promise.all([post(first, push), post(second, push)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const passive = responses.filter((r) => r.body !== 'success');
    await expectHandledOnce('920001', 'o-two-1', passive.length);
    const inbound = await Message.findOne({ where: { tenantId, channelAccountId: accountId, platformMessageId: '920001' } });
    const [reply] = await Message.findAll({ where: { tenantId, replyToId: inbound!.id } });
    for (const answer of passive) expect(openPassiveReply(account, answer.body).Content).toContain(reply!.text);
  });

  it('with replies through the API: exactly one customer-service send', async () => {
    expect((await owner.request('PATCH', `/channel-accounts/${accountId}`, { config: { passiveReply: false } })).status).toBe(200);
    const push = safeModePush(account, textPushXml('o-two-2', '920002', '你好'));
    const responses = await Promise.all([post(first, push), post(second, push), post(first, push), post(second, push)]);
    expect(responses).toEqual(Array(4).fill({ status: 200, body: 'success' }));
    await expectHandledOnce('920002', 'o-two-2', 0);
    // The two processes shared one access token through Redis.
    expect(api.tokenRequests).toHaveLength(1);
  });
});
