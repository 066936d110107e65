import { Tenant } from '../../src/auth/models';
import type { RunningKefu } from '../../src/boot';
import { Message } from '../../src/conversations/models';
import { ChannelIdentity } from '../../src/customers/models';
import { WeiboApi } from '../../../adapters/weibo/test/weibo-api';
import { weiboSignature } from '@kefu/adapter-weibo';
import { ConsoleClient } from '../channels/console-client';
import { embeddedTestEnv, startTestKefu } from '../support/start-test-kefu';
import { waitFor } from '../support/wait-for';

/**
 * A Weibo fan's message through the real webhook route: verify → parse → pipeline → the reply on
 * Weibo's customer-service API (a local server), and the conversation on the customer's timeline.
 */
describe('Weibo push → pipeline → reply API → customer timeline (embedded)', () => {
  const api = new WeiboApi();
  const APP_SECRET = 'weibo-app-secret';
  let kefu: RunningKefu;
  let webhookUrl: string;
  let tenantId: number;
  let accountId: number;
  let consoleApi: ConsoleClient;

  beforeAll(async () => {
    const apiBaseUrl = await api.start();
    kefu = await startTestKefu(embeddedTestEnv());
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
    consoleApi = await ConsoleClient.login(kefu.url, 'owner@demo.kefu', 'demo-owner-pass');
    const created = await consoleApi.request('POST', '/channel-accounts', {
      platform: 'weibo',
      appId: '1902538057',
      name: '微博粉丝服务',
      // Passive replies off: the answer must travel through the customer-service API.
      config: { appSecret: APP_SECRET, accessToken: api.validToken, apiBaseUrl, passiveReplies: false },
    });
    expect(created.status).toBe(201);
    const account = created.body.channelAccount as { id: number; webhookPath: string };
    accountId = account.id;
    webhookUrl = kefu.url + account.webhookPath;
  });
  afterAll(async () => {
    await kefu?.stop();
    await api.stop();
  });

  const push = (body: unknown, secret = APP_SECRET) => {
    const timestamp = String(Date.now());
    const query = new URLSearchParams({ timestamp, nonce: '42', signature: weiboSignature(secret, timestamp, '42') });
    return fetch(`${webhookUrl}?${query.toString()}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  };
  const fanMessage = { type: 'text', receiver_id: 1902538057, sender_id: 5550001, created_at: new Date().toString(), text: '你们退货政策是什么', data: {} };

  it('answers the fan through reply.json and files the conversation on the customer timeline; a retry is handled once', async () => {
    const response = await push(fanMessage);
    expect(response.status).toBe(200);
    const call = await waitFor('reply.json', async () => api.calls.find((c) => c.form.get('receiver_id') === '5550001'));
    const text = (JSON.parse(decodeURIComponent(call.form.get('data') ?? '')) as { text: string }).text;
    expect(text.length).toBeGreaterThan(0);

    const retry = await push(fanMessage);
    expect(retry.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(api.calls.filter((c) => c.form.get('receiver_id') === '5550001')).toHaveLength(1);
    expect(await Message.count({ where: { tenantId, channelAccountId: accountId, role: 'shopper' } })).toBe(1);

    const identity = await waitFor('identity with customer', async () => ChannelIdentity.findOne({ where: { tenantId, channelAccountId: accountId, externalId: '5550001' } }).then((row) => (row?.customerId ? row : null)));
    const timeline = await consoleApi.request('GET', `/customers/${identity.customerId}/timeline`);
    expect(timeline.status).toBe(200);
    const conversations = timeline.body.conversations as { platform: string; messages: { role: string; text: string }[] }[];
    expect(conversations).toHaveLength(1);
    expect(conversations[0]?.platform).toBe('weibo');
    expect(conversations[0]?.messages.map((m) => m.role)).toEqual(['shopper', 'bot']);
  });

  it('refuses a push signed with another secret', async () => {
    const response = await push({ ...fanMessage, sender_id: 5550002 }, 'not-the-secret');
    expect(response.status).toBe(401);
  });
});
