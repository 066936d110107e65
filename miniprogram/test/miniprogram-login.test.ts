import type { RunningKefu } from '../../server/src/boot';
import { findTenantByKey } from '../../server/src/auth/tenant-service';
import { ensureChannelAccount } from '../../server/src/channels/channel-account-service';
import { ChannelAccount } from '../../server/src/channels/models';
import { upsertChannelIdentity } from '../../server/src/customers/identity-service';
import { ChannelIdentity, Customer } from '../../server/src/customers/models';
import { TestShopper } from '../../server/test/support/shopper';
import { embeddedTestEnv, startTestKefu } from '../../server/test/support/start-test-kefu';
import { LocalCode2Session } from './support/local-code2session';

/**
 * Mini-program sign-in over real HTTP: the core exchanges wx.login / tt.login codes with a local
 * server speaking WeChat's and Douyin's code2session protocols, then the shopper chats on the web API.
 */
describe('POST /api/web/sessions/miniprogram', () => {
  let kefu: RunningKefu;
  let platform: LocalCode2Session;
  let tenantId: number;

  beforeAll(async () => {
    platform = await new LocalCode2Session({ 'wx-mini-demo': 'wx-mini-secret', 'tt-mini-demo': 'tt-mini-secret' }).start();
    kefu = await startTestKefu(embeddedTestEnv());
    const tenant = await findTenantByKey('demo');
    if (!tenant) throw new Error('demo tenant missing');
    tenantId = tenant.id;
    const { cipher } = kefu.runtime;
    // Credentials as the channel-account console stores them: encrypted JSON of the platform's config.
    await ChannelAccount.create({
      tenantId,
      platform: 'wechat',
      appId: 'wx-mini-demo',
      name: '小程序',
      unionScope: null,
      credentialsEncrypted: cipher.encrypt(JSON.stringify({ kind: 'mini_program', appId: 'wx-mini-demo', appSecret: 'wx-mini-secret', token: 'push-token', mode: 'plain', apiBaseUrl: platform.url })),
    });
    await ChannelAccount.create({
      tenantId,
      platform: 'douyin',
      appId: 'tt-mini-demo',
      name: '抖音小程序',
      unionScope: null,
      credentialsEncrypted: cipher.encrypt(JSON.stringify({ clientKey: 'tt-mini-demo', clientSecret: 'tt-mini-secret', businessOpenId: 'biz', miniProgramApiBaseUrl: platform.url })),
    });
  });
  afterAll(async () => {
    await kefu?.stop();
    await platform?.stop();
  });

  const login = (body: unknown) => new TestShopper(kefu.url).request('POST', '/api/web/sessions/miniprogram', body);

  it('weapp: exchanges the code, starts a session for wx_<openid>, and the shopper chats with the bot', async () => {
    const response = await login({ tenantKey: 'demo', platform: 'weapp', appId: 'wx-mini-demo', code: platform.issueCode({ openid: 'o-wx-1' }) });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ sessionId: 'wx_o-wx-1' });
    expect(platform.requests.at(-1)).toEqual({ path: '/sns/jscode2session', appid: 'wx-mini-demo', secret: 'wx-mini-secret' });

    const shopper = new TestShopper(kefu.url);
    shopper.token = (response.body as { token: string }).token;
    const sent = await shopper.say('你们几点发货');
    const reply = await shopper.replyAfter(sent);
    expect(reply.role).toBe('bot');

    // Logging in again (a new code, same WeChat user) continues the same conversation history.
    const again = await login({ tenantKey: 'demo', platform: 'weapp', appId: 'wx-mini-demo', code: platform.issueCode({ openid: 'o-wx-1' }) });
    const returning = new TestShopper(kefu.url);
    returning.token = (again.body as { token: string }).token;
    expect((await returning.messages()).map((m) => m.id)).toEqual(expect.arrayContaining([sent.id, reply.id]));
  });

  it('weapp: a unionid shared with an identity the merchant already knows links to that customer', async () => {
    // The shopper is already a customer through the merchant's Official Account (same WeChat Open Platform, same unionid).
    const officialAccount = await ensureChannelAccount(tenantId, 'wechat', 'wx-official-account', '公众号');
    const customer = await Customer.create({ tenantId, displayName: '老顾客', externalRef: 'union-known', phoneEncrypted: null, phoneHash: null, addressEncrypted: null, memberLevel: null });
    const known = await upsertChannelIdentity({ tenantId, channelAccountId: officialAccount.id, externalId: 'oa-someone', unionId: 'union-42' });
    await known.update({ customerId: customer.id });

    const response = await login({ tenantKey: 'demo', platform: 'weapp', appId: 'wx-mini-demo', code: platform.issueCode({ openid: 'o-wx-2', unionid: 'union-42' }) });
    expect(response.status).toBe(201);
    const identity = await ChannelIdentity.findOne({ where: { tenantId, externalId: 'wx_o-wx-2' } });
    expect(identity).toMatchObject({ unionId: 'union-42', customerId: customer.id });
  });

  it('tt: exchanges the code with Douyin code2session (POST) and starts a session for tt_<openid>', async () => {
    const response = await login({ tenantKey: 'demo', platform: 'tt', appId: 'tt-mini-demo', code: platform.issueCode({ openid: 'o-tt-1', unionid: 'u-tt-1' }) });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ sessionId: 'tt_o-tt-1' });
    expect(platform.requests.at(-1)).toEqual({ path: '/api/apps/v2/jscode2session', appid: 'tt-mini-demo', secret: 'tt-mini-secret' });
    const identity = await ChannelIdentity.findOne({ where: { tenantId, externalId: 'tt_o-tt-1' } });
    expect(identity?.unionId).toBe('u-tt-1');
  });

  it('refuses a used or forged code with 401 and the platform reason', async () => {
    const code = platform.issueCode({ openid: 'o-wx-3' });
    expect((await login({ tenantKey: 'demo', platform: 'weapp', appId: 'wx-mini-demo', code })).status).toBe(201);
    const replay = await login({ tenantKey: 'demo', platform: 'weapp', appId: 'wx-mini-demo', code });
    expect(replay.status).toBe(401);
    expect(JSON.stringify(replay.body)).toContain('invalid code');
    const forged = await login({ tenantKey: 'demo', platform: 'tt', appId: 'tt-mini-demo', code: 'forged' });
    expect(forged.status).toBe(401);
    expect(JSON.stringify(forged.body)).toContain('bad code');
  });

  it('answers 404 for a mini-program the merchant has not connected and 400 for a malformed body', async () => {
    const unknown = await login({ tenantKey: 'demo', platform: 'weapp', appId: 'wx-someone-else', code: 'x' });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).toContain('wx-someone-else');
    const wrongTenant = await login({ tenantKey: 'nope', platform: 'weapp', appId: 'wx-mini-demo', code: 'x' });
    expect(wrongTenant.status).toBe(404);
    const malformed = await login({ tenantKey: 'demo', platform: 'alipay', appId: 'wx-mini-demo' });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toMatch(/platform|code/);
  });
});
