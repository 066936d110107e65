import { Tenant } from '../../src/auth/models';
import type { RunningKefu } from '../../src/boot';
import { ChannelAccount } from '../../src/channels/models';
import { RedisPubSub } from '../../src/channels/pub-sub';
import { storeAgentMessage } from '../../src/conversations/conversation-service';
import { Conversation, Message } from '../../src/conversations/models';
import { LocalWechatApi } from '../../../adapters/wechat/test/local-wechat-api';
import { warmUp } from './warm-up';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';
import { ConsoleClient } from './console-client';
import { openPassiveReply, safeModePush, TEST_AES_KEY, textPushXml, type WechatTestAccount } from './wechat-push';
import { waitFor } from '../support/wait-for';

/** Booting Kefu (Chroma, migrations, seeding, language models) takes minutes on a loaded shared machine. */
const BOOT_TIMEOUT_MS = 240_000;

const account: WechatTestAccount = { appId: 'wx-kefu-test', token: 'kefu-push-token', encodingAesKey: TEST_AES_KEY };

/** WeChat's side of the conversation on the production set-up (MariaDB, Redis, Bull), the platform played by a local API server. */
describeWithServices('WeChat webhook → pipeline → reply (MariaDB + Redis)', () => {
  const api = new LocalWechatApi();
  let kefu: RunningKefu;
  let owner: ConsoleClient;
  let accountId: number;
  let tenantId: number;
  let webhookUrl: string;

  const post = (push: { path: string; body: string }, url = webhookUrl) =>
    fetch(url + push.path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: push.body }).then(async (r) => ({ status: r.status, body: await r.text() }));
  const repliesTo = async (platformMessageId: string) => {
    const inbound = await Message.findOne({ where: { tenantId, channelAccountId: accountId, platformMessageId } });
    return inbound ? Message.findAll({ where: { tenantId, replyToId: inbound.id } }) : [];
  };

  beforeAll(async () => {
    await api.start();
    kefu = await startTestKefu(await productionTestEnv('wechat_webhook'));
    owner = await ConsoleClient.login(kefu.url, 'owner@demo.kefu', 'demo-owner-pass');
    const created = await owner.request('POST', '/channel-accounts', {
      platform: 'wechat',
      appId: account.appId,
      name: '潮品生活 公众号',
      config: { kind: 'official_account', appId: account.appId, appSecret: 'app-secret', token: account.token, encodingAesKey: account.encodingAesKey, mode: 'safe', apiBaseUrl: api.url },
    });
    expect(created.status).toBe(201);
    const channelAccount = created.body.channelAccount as { id: number; webhookPath: string };
    accountId = channelAccount.id;
    webhookUrl = kefu.url + channelAccount.webhookPath;
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
    await warmUp(kefu, tenantId);
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await kefu?.stop();
    await api.stop();
  });

  it('console: stores the config encrypted, never shows a secret, audits, validates, and is admin-only', async () => {
    const stored = await ChannelAccount.findOne({ where: { tenantId, id: accountId } });
    expect(stored!.credentialsEncrypted).not.toContain('app-secret');
    const list = await owner.request('GET', '/channel-accounts');
    const listed = (list.body.channelAccounts as { id: number; config: Record<string, unknown> }[]).find((a) => a.id === accountId)!;
    expect(listed.config).toMatchObject({ appId: account.appId, appSecret: '***', token: '***', encodingAesKey: '***', mode: 'safe' });
    expect(JSON.stringify(list.body)).not.toMatch(/app-secret|kefu-push-token|abcdefghijklmnop/);

    const bad = await owner.request('POST', '/channel-accounts', { platform: 'wechat', appId: 'wx-2', name: 'x', config: { appId: 'wx-2', appSecret: 's', token: 't', mode: 'safe' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/encodingAesKey/);
    const unknown = await owner.request('POST', '/channel-accounts', { platform: 'myspace', appId: 'x', name: 'x', config: {} });
    expect(unknown.status).toBe(400);
    const agent = await ConsoleClient.login(kefu.url, 'agent@demo.kefu', 'demo-agent-pass');
    expect((await agent.request('GET', '/channel-accounts')).status).toBe(403);

    const audit = await owner.request('GET', '/audit');
    const entry = (audit.body.entries as { action: string; targetId: string; details: unknown }[]).find((e) => e.action === 'channel_account.created' && e.targetId === String(accountId));
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).not.toMatch(/app-secret|kefu-push-token/);
  });

  it('answers the GET echostr handshake only when the signature is right', async () => {
    const { sha1Signature } = await import('@kefu/wechat-crypto');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const query = new URLSearchParams({ signature: sha1Signature(account.token, timestamp, '42'), timestamp, nonce: '42', echostr: '8675309' });
    const ok = await fetch(`${webhookUrl}?${query.toString()}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('8675309');
    query.set('signature', 'f'.repeat(40));
    expect((await fetch(`${webhookUrl}?${query.toString()}`)).status).toBe(401);
  });

  it('a safe-mode message is answered in the response itself, encrypted, and not sent again by the API', async () => {
    // Another process of the deployment, listening to the wake-ups the worker and the webhook send.
    const wakeUps: string[] = [];
    const listener = new RedisPubSub(kefu.runtime.config.REDIS_URL!, kefu.runtime.config.REDIS_PREFIX);
    await listener.subscribe('channel-wake-ups', (key) => wakeUps.push(key));
    let response: { status: number; body: string };
    try {
      response = await post(safeModePush(account, textPushXml('o-passive-1', '910001', '七天无理由能退吗')));
      // The webhook publishes its own wake-up (releasing the held send) before it responds; let it arrive here.
      await waitFor('the webhook releasing the held send', async () => wakeUps.includes(`passive-wait:${accountId}:910001`) || undefined);
    } finally {
      await listener.close();
    }
    expect(response.status).toBe(200);
    const reply = openPassiveReply(account, response.body);
    expect(reply).toMatchObject({ ToUserName: 'o-passive-1', FromUserName: 'gh_test_account', MsgType: 'text' });
    // The answer is the pipeline's own reply to this message (whatever the engine said), delivered here.
    const [stored] = await repliesTo('910001');
    expect(stored).toMatchObject({ status: 'sent', role: 'bot' });
    expect(stored!.text.length).toBeGreaterThan(0);
    expect(reply.Content).toContain(stored!.text);
    // The worker woke the waiting webhook (no polling), and the webhook then released the held send.
    expect(wakeUps.sort()).toEqual([`inbound-settled:${tenantId}:${stored!.replyToId}`, `passive-wait:${accountId}:910001`]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(api.sends().filter((call) => call.body.touser === 'o-passive-1')).toHaveLength(0);
  });

  describe('with passive replies off', () => {
    beforeAll(async () => {
      const patched = await owner.request('PATCH', `/channel-accounts/${accountId}`, { config: { passiveReply: false } });
      expect(patched.status).toBe(200);
      expect((patched.body.channelAccount as { config: Record<string, unknown> }).config).toMatchObject({ passiveReply: false, appSecret: '***' });
    });

    it('acknowledges "success" at once and the reply reaches the customer-service send API', async () => {
      const response = await post(safeModePush(account, textPushXml('o-async-1', '910002', '你好')));
      // "success" rather than a passive-reply XML: the webhook acknowledged without holding for an answer.
      expect(response).toEqual({ status: 200, body: 'success' });
      const call = await waitFor('the custom/send call', async () => api.sends().find((c) => c.body.touser === 'o-async-1'));
      expect(call.body).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('您好') } });
      await waitFor('the reply marked sent', async () => (await repliesTo('910002')).find((m) => m.status === 'sent'));
    });

    it('a duplicate delivery (WeChat retrying) is stored and answered once', async () => {
      const push = safeModePush(account, textPushXml('o-dup-1', '910003', '在吗'));
      const responses = await Promise.all([post(push), post(push), post(push)]);
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
      await waitFor('the reply sent', async () => api.sends().find((c) => c.body.touser === 'o-dup-1'));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await Message.count({ where: { tenantId, channelAccountId: accountId, platformMessageId: '910003' } })).toBe(1);
      expect(await repliesTo('910003')).toHaveLength(1);
      expect(api.sends().filter((c) => c.body.touser === 'o-dup-1')).toHaveLength(1);
    });

    it('45015 from WeChat ends the reply failed with the reason, without retrying', async () => {
      api.failNextSends = [45015];
      await post(safeModePush(account, textPushXml('o-late-1', '910004', '你好')));
      const failed = await waitFor('the reply marked failed', async () => (await repliesTo('910004')).find((m) => m.status === 'failed'));
      expect(failed.failureReason).toMatch(/45015.*48-hour window/);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(api.sends().filter((c) => c.body.touser === 'o-late-1')).toHaveLength(1);
      expect(failed.attempts).toBe(1);
    });

    it('outside the 48-hour window the core does not call WeChat and records why', async () => {
      await post(safeModePush(account, textPushXml('o-old-1', '910005', '你好')));
      await waitFor('the first reply', async () => api.sends().find((c) => c.body.touser === 'o-old-1'));
      const inbound = await Message.findOne({ where: { tenantId, channelAccountId: accountId, platformMessageId: '910005' } });
      // The shopper last wrote 49 hours ago; an agent answers now.
      await Message.update({ createdAt: new Date(Date.now() - 49 * 3600 * 1000) }, { where: { tenantId, id: inbound!.id }, silent: true });
      const conversation = await Conversation.findOne({ where: { tenantId, id: inbound!.conversationId } });
      const agentReply = await storeAgentMessage(conversation!, '您好，您的退款已处理', 'late-agent-1');
      await kefu.runtime.queues.outbound.add({ messageId: String(agentReply.id), tenantId: String(tenantId) }, { jobId: `out:${agentReply.id}` });
      const failed = await waitFor('the agent reply marked failed', async () => Message.findOne({ where: { tenantId, id: agentReply.id, status: 'failed' } }));
      expect(failed.failureReason).toMatch(/outside the 48-hour window/);
      expect(api.sends().filter((c) => c.body.touser === 'o-old-1')).toHaveLength(1);
    });
  });

  it('refuses bad signatures, replays, malformed and oversized bodies with a reason', async () => {
    const push = safeModePush(account, textPushXml('o-bad-1', '910100', '你好'));
    const tampered = { ...push, path: push.path.replace(/msg_signature=[0-9a-f]+/, `msg_signature=${'0'.repeat(40)}`) };
    expect(await post(tampered)).toEqual({ status: 401, body: 'bad msg_signature' });

    const replay = safeModePush(account, textPushXml('o-bad-1', '910101', '你好'), Math.floor(Date.now() / 1000) - 600);
    expect(await post(replay)).toEqual({ status: 401, body: expect.stringMatching(/replay window/) });

    const garbledEnvelope = await post({ path: push.path, body: '<xml><Encrypt>unterminated' });
    expect(garbledEnvelope.status).toBe(400);
    expect(garbledEnvelope.body).toMatch(/malformed XML/);

    const garbledInside = await post(safeModePush(account, '<xml><FromUserName>o-bad-1</FromUserName><MsgType>text</Content></xml>'));
    expect(garbledInside.status).toBe(400);
    expect(garbledInside.body).toMatch(/malformed XML/);

    // Well-formed XML that is not the documented push (a text message without its MsgId) is refused by the adapter's schema.
    const withoutMsgId = await post(safeModePush(account, textPushXml('o-bad-1', '910102', '你好').replace(/<MsgId>\d+<\/MsgId>/, '')));
    expect(withoutMsgId).toEqual({ status: 400, body: expect.stringMatching(/^not a WeChat text push: MsgId/) });

    const oversized = await post({ path: push.path, body: `<xml><Encrypt>${'A'.repeat(70 * 1024)}</Encrypt></xml>` });
    expect(oversized.status).toBe(413);

    expect((await post(push, `${kefu.url}/webhooks/wechat/999999`)).status).toBe(404);
    expect((await post(push, `${kefu.url}/webhooks/douyin-nope/${accountId}`)).status).toBe(404);
    expect(await Message.count({ where: { tenantId, channelAccountId: accountId, platformMessageId: ['910100', '910101'] } })).toBe(0);
  });
});
