import { encryptMessage, sha1Signature } from '@kefu/wechat-crypto';
import type { RunningKefu } from '../../src/boot';
import { MerchantSendApi } from '../../../adapters/xiaohongshu/test/merchant-send-api';
import { ConsoleClient } from '../channels/console-client';
import { embeddedTestEnv, startTestKefu } from '../support/start-test-kefu';

const APP_ID = 'xhs-mp-e2e';
const TOKEN = 'xhsPushToken';
const AES_KEY = 'kefuXhsTestEncodingAesKey0123456789abcdefgh';

/** A Xiaohongshu mini-program push through the real webhook route, pipeline and the configured send API. */
describe('Xiaohongshu push → pipeline → configured send API (embedded)', () => {
  const api = new MerchantSendApi();
  let kefu: RunningKefu;
  let webhookUrl: string;

  beforeAll(async () => {
    const apiBaseUrl = await api.start();
    kefu = await startTestKefu(embeddedTestEnv());
    const consoleApi = await ConsoleClient.login(kefu.url, 'owner@demo.kefu', 'demo-owner-pass');
    const created = await consoleApi.request('POST', '/channel-accounts', {
      platform: 'xiaohongshu',
      appId: APP_ID,
      name: '小红书小程序',
      config: { apiBaseUrl, appId: APP_ID, appSecret: 'xhs-secret', token: TOKEN, encodingAesKey: AES_KEY, sendApi: { tokenPath: '/api/token', sendPath: '/api/custom/send' } },
    });
    expect(created.status).toBe(201);
    webhookUrl = kefu.url + (created.body.channelAccount as { webhookPath: string }).webhookPath;
  });
  afterAll(async () => {
    await kefu?.stop();
    await api.stop();
  });

  const push = (token = TOKEN) => {
    const now = Math.floor(Date.now() / 1000);
    // MsgId is a 64-bit integer in the push; it is written as raw digits, as the platform sends it.
    const fields = JSON.stringify({ ToUserName: APP_ID, FromUserName: 'xhs_user_e2e', CreateTime: now, MsgType: 'text', Content: '你们退货政策是什么' });
    const inner = `${fields.slice(0, -1)},"MsgId":7311111111111111999}`;
    const encrypt = encryptMessage(AES_KEY, inner, APP_ID);
    const timestamp = String(now);
    const nonce = '1590219412';
    const query = new URLSearchParams({ timestamp, nonce, signature: sha1Signature(token, timestamp, nonce), msg_signature: sha1Signature(token, timestamp, nonce, encrypt), encrypt_type: 'aes' });
    return fetch(`${webhookUrl}?${query.toString()}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ToUserName: APP_ID, Encrypt: encrypt }) });
  };

  it('answers the shopper through the configured send API, once even when the push is repeated', async () => {
    expect((await push()).status).toBe(200);
    const deadline = Date.now() + 30_000;
    while (api.sends.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(api.sends).toHaveLength(1);
    expect(api.sends[0]?.touser).toBe('xhs_user_e2e');
    expect(api.sends[0]?.text.length).toBeGreaterThan(0);

    expect((await push()).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(api.sends).toHaveLength(1);
  });

  it('refuses a push signed with another token', async () => {
    expect((await push('forged-token')).status).toBe(401);
  });
});
