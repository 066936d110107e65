import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { douyinSignature } from '@kefu/adapter-douyin';
import type { RunningKefu } from '../../src/boot';
import { DouyinOpenPlatform } from '../../../adapters/douyin/test/douyin-open-platform';
import { ConsoleClient } from '../channels/console-client';
import { embeddedTestEnv, startTestKefu } from '../support/start-test-kefu';

const CLIENT_SECRET = 'dy-secret-0123';

/** The recorded 私信 push, re-dated to now so it falls inside the replay window. */
function freshPush(): Buffer {
  const envelope = JSON.parse(readFileSync(join(__dirname, '../../../adapters/douyin/test/fixtures/im-receive-msg-text.json'), 'utf8')) as { content: string };
  const content = JSON.parse(envelope.content) as Record<string, unknown>;
  content.create_time = Date.now();
  return Buffer.from(JSON.stringify({ ...envelope, content: JSON.stringify(content) }));
}

/**
 * A Douyin 私信 through the real webhook route and pipeline: the reply reaches the (local) reply API
 * addressed to the shopper message it answers, which Douyin requires.
 */
describe('Douyin push → pipeline → reply API (embedded)', () => {
  const platform = new DouyinOpenPlatform();
  let kefu: RunningKefu;
  let webhookUrl: string;

  beforeAll(async () => {
    const apiBaseUrl = await platform.start();
    kefu = await startTestKefu(embeddedTestEnv());
    const consoleApi = await ConsoleClient.login(kefu.url, 'owner@demo.kefu', 'demo-owner-pass');
    const created = await consoleApi.request('POST', '/channel-accounts', {
      platform: 'douyin',
      appId: 'awtestclientkey',
      name: '抖音私信',
      config: { apiBaseUrl, clientKey: 'awtestclientkey', clientSecret: CLIENT_SECRET, businessOpenId: '_000LiV_o0FGKMwaZgqGMCvcVSf-UAnNU_kk', refreshToken: 'rft.operator' },
    });
    expect(created.status).toBe(201);
    webhookUrl = kefu.url + (created.body.channelAccount as { webhookPath: string }).webhookPath;
  });
  afterAll(async () => {
    await kefu?.stop();
    await platform.stop();
  });

  it('answers the shopper through the reply API, naming the conversation and message it replies to', async () => {
    const body = freshPush();
    const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-douyin-signature': douyinSignature(CLIENT_SECRET, body), 'msg-id': 'm-e2e-1' }, body });
    expect(response.status).toBe(200);

    const deadline = Date.now() + 30_000;
    while (platform.callsTo('/im/send/msg/').length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    const sends = platform.callsTo('/im/send/msg/');
    expect(sends).toHaveLength(1);
    const sent = sends[0]!;
    // The reply names the shopper message (conversation_short_id + server_message_id) it answers.
    expect(sent.body).toContain('7123456789012345678');
    expect(sent.body).toContain('7311111111111111111');
  });

  it('refuses a push signed with another secret', async () => {
    const body = freshPush();
    const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-douyin-signature': douyinSignature('wrong', body), 'msg-id': 'm-e2e-2' }, body });
    expect(response.status).toBe(401);
  });
});
