import { encryptMessage, sha1Signature } from '@kefu/wechat-crypto';
import { Tenant } from '../../src/auth/models';
import type { RunningKefu } from '../../src/boot';
import { ChannelIdentity } from '../../src/customers/models';
import { Message } from '../../src/conversations/models';
import { kfNoticeXml, LocalWecomApi } from '../../../adapters/wecom-kf/test/local-wecom-api';
import { embeddedTestEnv, startTestKefu } from '../support/start-test-kefu';
import { ConsoleClient } from './console-client';
import { warmUp } from './warm-up';
import { waitFor } from '../support/wait-for';

/** Booting Kefu (Chroma, migrations, seeding, language models) takes minutes on a loaded shared machine. */
const BOOT_TIMEOUT_MS = 240_000;

const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const CORP = 'ww-e2e-corp';
const TOKEN = 'kf-callback-token';

/** WeCom kf end to end on the embedded set-up (SQLite, in-process queue, in-memory shared cache). */
describe('WeCom kf callback → sync_msg → pipeline → send_msg (embedded)', () => {
  const api = new LocalWecomApi();
  let kefu: RunningKefu;
  let webhookUrl: string;
  let tenantId: number;
  let accountId: number;

  const notify = (openKfId: string, syncToken: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const encrypt = encryptMessage(AES_KEY, kfNoticeXml(CORP, openKfId, syncToken), CORP);
    const query = new URLSearchParams({ msg_signature: sha1Signature(TOKEN, timestamp, '31', encrypt), timestamp, nonce: '31' });
    return fetch(`${webhookUrl}?${query.toString()}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` }).then(
      async (r) => ({ status: r.status, body: await r.text() }),
    );
  };

  beforeAll(async () => {
    await api.start();
    kefu = await startTestKefu(embeddedTestEnv());
    tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
    await warmUp(kefu, tenantId);
    const admin = await ConsoleClient.login(kefu.url, 'owner@demo.kefu', 'demo-owner-pass');
    const created = await admin.request('POST', '/channel-accounts', {
      platform: 'wecom-kf',
      appId: CORP,
      name: '微信客服',
      config: { corpId: CORP, secret: 'kf-secret', token: TOKEN, encodingAesKey: AES_KEY, apiBaseUrl: api.url, welcomeMessage: '您好，欢迎咨询', linkUnionId: true },
      unionScope: 'open-platform-1',
    });
    expect(created.status).toBe(201);
    const account = created.body.channelAccount as { id: number; webhookPath: string };
    accountId = account.id;
    webhookUrl = kefu.url + account.webhookPath;
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await kefu?.stop();
    await api.stop();
  });

  it('pulls the waiting messages, links the unionid, answers through send_msg, and welcomes on enter_session', async () => {
    const now = Math.floor(Date.now() / 1000);
    api.unionIds = { 'wm-e2e-1': 'union-e2e-1' };
    api.deliver(
      { msgid: 'kf-1', open_kfid: 'wk-shop', external_userid: 'wm-e2e-1', send_time: now, origin: 4, msgtype: 'event', event: { event_type: 'enter_session', welcome_code: 'wc-9' } },
      { msgid: 'kf-2', open_kfid: 'wk-shop', external_userid: 'wm-e2e-1', send_time: now, origin: 3, msgtype: 'text', text: { content: '你好' } },
    );
    expect(await notify('wk-shop', 'sync-1')).toEqual({ status: 200, body: 'success' });
    const send = await waitFor('send_msg', async () => api.callsTo('/cgi-bin/kf/send_msg').find((c) => c.body.touser === 'wm-e2e-1'));
    expect(send.body).toMatchObject({ open_kfid: 'wk-shop', msgtype: 'text' });
    expect(api.callsTo('/cgi-bin/kf/sync_msg')[0]!.body).toMatchObject({ token: 'sync-1', open_kfid: 'wk-shop' });
    expect(api.callsTo('/cgi-bin/kf/send_msg_on_event')).toHaveLength(1);

    const identity = await ChannelIdentity.findOne({ where: { tenantId, channelAccountId: accountId, externalId: 'wm-e2e-1' } });
    expect(identity).toMatchObject({ unionId: 'union-e2e-1' });
    const inbound = await Message.findOne({ where: { tenantId, channelAccountId: accountId, platformMessageId: 'kf-2' } });
    const [reply] = await Message.findAll({ where: { tenantId, replyToId: inbound!.id } });
    expect((send.body.text as { content: string }).content).toContain(reply!.text);
    await waitFor('reply marked sent', async () => Message.findOne({ where: { tenantId, id: reply!.id, status: 'sent' } }));
  });

  it('a repeated callback neither re-reads nor re-answers', async () => {
    const before = api.callsTo('/cgi-bin/kf/send_msg').length;
    const again = await notify('wk-shop', 'sync-1');
    expect(again.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(api.callsTo('/cgi-bin/kf/send_msg')).toHaveLength(before);
    expect(await Message.count({ where: { tenantId, channelAccountId: accountId, platformMessageId: 'kf-2' } })).toBe(1);
  });
});
