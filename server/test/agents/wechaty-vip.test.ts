import { WechatyBuilder, type Message } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { WechatyGateway, signedRelayHeaders } from '@kefu/adapter-wechaty';
import type { RunningKefu } from '../../src/boot';
import { AuditEntry, Tenant } from '../../src/auth/models';
import { ChannelIdentity, Customer } from '../../src/customers/models';
import { demoOrders } from '../../src/demo';
import { embeddedTestEnv, startTestKefu } from '../support/start-test-kefu';
import { consoleAs, waitFor } from './desk-test-kit';

const RELAY_SECRET = 'relay-secret-for-the-vip-gateway';

/**
 * The VIP WeChat account end to end on the embedded set-up (SQLite, in-process queue): a contact
 * of a mock puppet talks to the gateway, the gateway posts to the core's webhook, the pipeline
 * answers, the core sends back through the gateway, and the mock WeChat shows the bot's reply.
 */
describe('Wechaty VIP channel through the gateway', () => {
  let kefu: RunningKefu;
  let gateway: WechatyGateway;
  let mocker: mock.Mocker;
  let accountId: number;
  let user: mock.ContactMock;
  const botSaid: { to: string; text: string }[] = [];

  beforeAll(async () => {
    kefu = await startTestKefu(embeddedTestEnv());
    const owner = await consoleAs(kefu, 'owner@demo.kefu', 'demo-owner-pass');
    const created = await owner('POST', '/api/console/channel-accounts', { platform: 'wechaty', appId: 'vip-wechat-1', name: 'VIP 微信', config: { relaySecret: RELAY_SECRET } });
    expect(created.status).toBe(201);
    accountId = (created.body.channelAccount as { id: number }).id;

    mocker = new mock.Mocker();
    const bot = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) });
    // The mock makes the logged-in user "say" whatever the bot sends: that is how replies are seen.
    bot.on('message', (message: Message) => {
      if (message.self()) botSaid.push({ to: message.listener()?.id ?? '', text: message.text() });
    });
    gateway = new WechatyGateway({ bot, coreWebhookUrl: `${kefu.url}/webhooks/wechaty/${accountId}`, relaySecret: RELAY_SECRET });
    const gatewayUrl = await gateway.start();
    const updated = await owner('PATCH', `/api/console/channel-accounts/${accountId}`, { config: { relaySecret: RELAY_SECRET, apiBaseUrl: gatewayUrl } });
    expect(updated.status).toBe(200);
    [user] = mocker.createContacts(1);
    mocker.login(user);
  });
  afterAll(async () => {
    await gateway?.stop();
    await kefu?.stop();
  });

  const replyTo = async (contact: mock.ContactMock, text: string): Promise<string> => {
    const before = botSaid.length;
    contact.say(text).to(user);
    const reply = await waitFor(`a reply to "${text}"`, () => botSaid.slice(before).find((m) => m.to === contact.id));
    return reply.text;
  };

  it('answers a WeChat contact through the same pipeline', async () => {
    const contact = mocker.createContact({ name: '王先生' });
    expect(await replyTo(contact, '你好')).toContain('您好');
  });

  it('links a contact to the customer whose binding code it sends, with evidence, then serves their orders', async () => {
    const tenant = (await Tenant.findOne({ where: { key: 'demo' } }))!;
    const zhangwei = (await Customer.findOne({ where: { tenantId: tenant.id, externalRef: 'zhangwei' } }))!;
    const agent = await consoleAs(kefu, 'agent@demo.kefu', 'demo-agent-pass');
    const issued = await agent('POST', '/api/console/agent-desk/vip-binding-codes', { customerId: zhangwei.id });
    expect(issued.status).toBe(201);
    const code = issued.body.code as string;
    expect(code).toMatch(/^\d{6}$/);

    const vip = mocker.createContact({ name: '张伟的微信' });
    // Before binding, the VIP contact is a stranger: no order details.
    expect(await replyTo(vip, '我的快递到哪了')).not.toMatch(/当前状态|最新物流|已发货/);
    expect(await replyTo(vip, `绑定 ${code}`)).toContain('绑定成功');

    const identity = (await ChannelIdentity.findOne({ where: { tenantId: tenant.id, channelAccountId: accountId, externalId: vip.id } }))!;
    expect(identity).toMatchObject({ customerId: zhangwei.id, verified: true });
    const evidence = await AuditEntry.findOne({ where: { tenantId: tenant.id, action: 'customer.linked', targetId: String(identity.id) } });
    expect(evidence?.details).toMatchObject({ customerId: zhangwei.id, evidence: 'binding_code' });

    const ownOrders = demoOrders.filter((o) => o.shopperRef === 'zhangwei').map((o) => o.orderNo);
    const tracked = await replyTo(vip, '我的快递到哪了');
    expect(tracked).toMatch(/当前状态|最新物流|已发货/);
    expect(ownOrders.some((no) => tracked.includes(no))).toBe(true);

    // A code works once: someone else sending it links nothing.
    const other = mocker.createContact({ name: '冒充者' });
    const refusedUsed = await replyTo(other, `绑定 ${code}`);
    expect(refusedUsed).toContain('绑定未成功');
    const otherIdentity = await ChannelIdentity.findOne({ where: { tenantId: tenant.id, channelAccountId: accountId, externalId: other.id } });
    expect(otherIdentity?.customerId).not.toBe(zhangwei.id);
    // A used code and a made-up one get the same words: the answer tells a guesser nothing.
    expect(await replyTo(mocker.createContact({ name: '路人' }), '绑定 000000')).toBe(refusedUsed);
  });

  it('stops a contact guessing codes: after five wrong codes even a live code is refused', async () => {
    const tenant = (await Tenant.findOne({ where: { key: 'demo' } }))!;
    const lina = (await Customer.findOne({ where: { tenantId: tenant.id, externalRef: 'lina' } }))!;
    const agent = await consoleAs(kefu, 'agent@demo.kefu', 'demo-agent-pass');
    const live = (await agent('POST', '/api/console/agent-desk/vip-binding-codes', { customerId: lina.id })).body.code as string;
    const guesser = mocker.createContact({ name: '猜码的人' });
    // Five wrong codes, each different from the live one and from each other.
    const wrong = ['1', '2', '3', '4', '5'].map((d) => d.repeat(6)).filter((c) => c !== live).slice(0, 5);
    for (const guess of wrong) expect(await replyTo(guesser, `绑定 ${guess}`)).toContain('绑定未成功');
    expect(await replyTo(guesser, `绑定 ${live}`)).toContain('绑定未成功');
    const identity = await ChannelIdentity.findOne({ where: { tenantId: tenant.id, channelAccountId: accountId, externalId: guesser.id } });
    expect(identity?.customerId).not.toBe(lina.id);
    // The live code is still good for its real owner.
    expect(await replyTo(mocker.createContact({ name: '李娜' }), `绑定 ${live}`)).toContain('绑定成功');
  });

  it('refuses relayed messages that are not signed with the relay secret', async () => {
    const body = JSON.stringify({ messageId: 'forged-1', contactId: 'wxid_forged', kind: 'text', text: '绑定 123456', sentAt: new Date().toISOString() });
    const forged = await fetch(`${kefu.url}/webhooks/wechaty/${accountId}`, { method: 'POST', headers: signedRelayHeaders('not-the-relay-secret!!', body), body });
    expect(forged.status).toBe(401);
    const stale = await fetch(`${kefu.url}/webhooks/wechaty/${accountId}`, { method: 'POST', headers: signedRelayHeaders(RELAY_SECRET, body, Date.now() - 3600_000), body });
    expect(stale.status).toBe(401);
    const malformed = await fetch(`${kefu.url}/webhooks/wechaty/${accountId}`, { method: 'POST', headers: signedRelayHeaders(RELAY_SECRET, '{"text":1}'), body: '{"text":1}' });
    expect(malformed.status).toBe(400);
  });
});
