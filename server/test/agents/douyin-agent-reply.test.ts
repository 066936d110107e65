import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { douyinSignature } from '@kefu/adapter-douyin';
import type { RunningKefu } from '../../src/boot';
import { Tenant } from '../../src/auth/models';
import { Message } from '../../src/conversations/models';
import { DouyinOpenPlatform } from '../../../adapters/douyin/test/douyin-open-platform';
import { LocalLarkServer, agentThreadReply, cardClick } from '../../../adapters/lark/test/support/local-lark-server';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';
import { AGENT_CHAT, LARK_APP, connectLarkDesk, consoleAs, deliverLarkEvent, waitFor } from './desk-test-kit';

const CLIENT_SECRET = 'dy-secret-agent';
const CONVERSATION_SHORT_ID = '7123456789012345678';
const AGENT_OPEN_ID = 'ou_agent_douyin';

/** The recorded 私信 push with its own text and message id, dated now so it falls inside the replay window. */
function douyinPush(serverMessageId: string, text: string): Buffer {
  const envelope = JSON.parse(readFileSync(join(__dirname, '../../../adapters/douyin/test/fixtures/im-receive-msg-text.json'), 'utf8')) as { content: string };
  const content = JSON.parse(envelope.content) as Record<string, unknown>;
  Object.assign(content, { server_message_id: serverMessageId, text, create_time: Date.now() });
  return Buffer.from(JSON.stringify({ ...envelope, content: JSON.stringify(content) }));
}

interface DouyinSend {
  msg_id: string;
  conversation_id: string;
  content: { text: { text: string } };
}

/**
 * Douyin's reply API has no free-form send: every message must name a shopper message it answers.
 * An agent's reply answers none of them, so the core addresses it to the shopper's latest message.
 * Real path: Douyin push → pipeline → handoff card on the (local) Lark desk → agent's thread reply →
 * outbound queue → the (local) Douyin reply API, on MariaDB + Redis + Bull.
 */
describeWithServices('an agent reply to a Douyin shopper', () => {
  const douyin = new DouyinOpenPlatform();
  let lark: LocalLarkServer;
  let kefu: RunningKefu;
  let webhookUrl: string;
  let deskAccountId: number;

  const sends = (): DouyinSend[] => douyin.callsTo('/im/send/msg/').map((call) => JSON.parse(call.body) as DouyinSend);
  async function push(serverMessageId: string, text: string): Promise<void> {
    const body = douyinPush(serverMessageId, text);
    const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-douyin-signature': douyinSignature(CLIENT_SECRET, body), 'msg-id': `m-${serverMessageId}` }, body });
    expect(response.status).toBe(200);
  }

  beforeAll(async () => {
    const apiBaseUrl = await douyin.start();
    lark = new LocalLarkServer(LARK_APP, new Set([AGENT_CHAT]));
    await lark.start();
    kefu = await startTestKefu(await productionTestEnv('douyin_agent_reply'));
    const owner = await consoleAs(kefu, 'owner@demo.kefu', 'demo-owner-pass');
    const created = await owner('POST', '/api/console/channel-accounts', {
      platform: 'douyin',
      appId: 'awtestclientkey',
      name: '抖音私信',
      config: { apiBaseUrl, clientKey: 'awtestclientkey', clientSecret: CLIENT_SECRET, businessOpenId: '_000LiV_o0FGKMwaZgqGMCvcVSf-UAnNU_kk', refreshToken: 'rft.operator' },
    });
    expect(created.status).toBe(201);
    webhookUrl = kefu.url + (created.body.channelAccount as { webhookPath: string }).webhookPath;
    deskAccountId = await connectLarkDesk(kefu, lark);
    const users = (await owner('GET', '/api/console/users')).body.users as { id: number; email: string }[];
    const agentUserId = users.find((u) => u.email === 'agent@demo.kefu')!.id;
    expect((await owner('PUT', '/api/console/agent-desk/lark-links', { deskAccountId, openId: AGENT_OPEN_ID, userId: agentUserId })).status).toBe(200);
  });
  afterAll(async () => {
    await kefu?.stop();
    await lark?.stop();
    await douyin.stop();
  });

  it('names the shopper’s latest message, one the bot never answered', async () => {
    await push('7311111111111111001', '我要找人工客服');
    // The bot's handoff reply answers the message it was written for.
    const botSend = await waitFor('the bot’s handoff reply', () => sends()[0]);
    expect(botSend).toMatchObject({ msg_id: '7311111111111111001', conversation_id: CONVERSATION_SHORT_ID });

    const card = await waitFor('the handoff card', () => lark.sent.find((m) => m.chatId === AGENT_CHAT && m.msgType === 'interactive' && m.content.includes('我要找人工客服')));
    const value = (JSON.parse(card.content).elements as { tag: string; actions?: { value?: Record<string, unknown> }[] }[]).find((e) => e.tag === 'action')!.actions![0].value!;
    const claim = await deliverLarkEvent(kefu, deskAccountId, 'card.action.trigger', cardClick({ openId: AGENT_OPEN_ID, messageId: card.messageId, chatId: AGENT_CHAT, value }));
    expect(JSON.parse(claim.text)).toMatchObject({ toast: { type: 'success' } });

    // While an agent has the conversation the bot stays quiet: this message is only relayed to the card's thread.
    await push('7311111111111111002', '订单号是 DY20261126');
    await waitFor('the relayed shopper message', () => lark.sent.find((m) => m.replyTo === card.messageId && m.content.includes('DY20261126')));

    const reply = agentThreadReply({ rootId: card.messageId, chatId: AGENT_CHAT, openId: AGENT_OPEN_ID, text: '您好，我是客服小李，正在为您查询' });
    expect((await deliverLarkEvent(kefu, deskAccountId, 'im.message.receive_v1', reply)).status).toBe(200);

    const agentSend = await waitFor('the agent’s reply at Douyin', () => sends().find((s) => s.content.text.text.includes('客服小李')));
    expect(agentSend).toMatchObject({ msg_id: '7311111111111111002', conversation_id: CONVERSATION_SHORT_ID });
    expect(sends()).toHaveLength(2);
    const tenantId = (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
    const stored = await waitFor('the agent message recorded as sent', async () => (await Message.findOne({ where: { tenantId, role: 'agent', status: 'sent' } })) ?? undefined);
    expect(stored.text).toBe('您好，我是客服小李，正在为您查询');
  });
});
