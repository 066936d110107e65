import type { RunningKefu } from '../../src/boot';
import { AuditEntry, Tenant } from '../../src/auth/models';
import { Conversation } from '../../src/conversations/models';
import { DeskTicket } from '../../src/agents/models';
import { WAYBILL_SUBSCRIBE_JOB_KIND } from '../../src/commerce/waybill-subscriptions';
import { LocalLarkServer, agentThreadReply, cardClick } from '../../../adapters/lark/test/support/local-lark-server';
import { larkEventRequest } from '../../../adapters/lark/test/support/local-lark-server';
import { TestShopper } from '../support/shopper';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';
import { AGENT_CHAT, ENCRYPT_KEY, LARK_APP, VERIFICATION_TOKEN, connectLarkDesk, consoleAs, deliverLarkEvent, waitFor } from './desk-test-kit';

async function demoTenantId(): Promise<number> {
  return (await Tenant.findOne({ where: { key: 'demo' } }))!.id;
}

const AGENT_OPEN_ID = 'ou_agent_xiaoli';
const OTHER_OPEN_ID = 'ou_stranger';
const SECOND_OPEN_ID = 'ou_agent_xiaowang';
/** Short, so a stalled call times out within the test; long enough for the local server's normal answers. */
const LARK_TIMEOUT_MS = 1_500;

/**
 * The agents' desk end to end on MariaDB + Redis + Bull: a web shopper asks for a person, the card
 * reaches a local server speaking Lark's API, an agent claims it and answers in its thread, and the
 * shopper reads the answer on the web channel.
 */
describeWithServices('Lark agent desk, end to end', () => {
  let kefu: RunningKefu;
  let lark: LocalLarkServer;
  let accountId: number;
  let agentUserId: number;
  let secondAgentId: number;

  beforeAll(async () => {
    lark = new LocalLarkServer(LARK_APP, new Set([AGENT_CHAT]));
    await lark.start();
    kefu = await startTestKefu(await productionTestEnv('lark_desk'));
    accountId = await connectLarkDesk(kefu, lark, { requestTimeoutMs: LARK_TIMEOUT_MS });
    const owner = await consoleAs(kefu, 'owner@demo.kefu', 'demo-owner-pass');
    const users = (await owner('GET', '/api/console/users')).body.users as { id: number; email: string }[];
    agentUserId = users.find((u) => u.email === 'agent@demo.kefu')!.id;
    const linked = await owner('PUT', '/api/console/agent-desk/lark-links', { deskAccountId: accountId, openId: AGENT_OPEN_ID, userId: agentUserId });
    expect(linked.status).toBe(200);
    const second = await owner('POST', '/api/console/users', { email: 'xiaowang@demo.kefu', password: 'xiaowang-pass', role: 'agent', displayName: '小王' });
    secondAgentId = (second.body.user as { id: number }).id;
    expect((await owner('PUT', '/api/console/agent-desk/lark-links', { deskAccountId: accountId, openId: SECOND_OPEN_ID, userId: secondAgentId })).status).toBe(200);
    expect((await owner('PUT', '/api/console/agent-desk/lark-links', { deskAccountId: accountId, openId: 'not-an-open-id', userId: secondAgentId })).status).toBe(400);
  });
  afterAll(async () => {
    await kefu?.stop();
    await lark?.stop();
  });

  it('answers Lark’s url_verification challenge and refuses a forged signature', async () => {
    const { headers, body } = larkEventRequest({ challenge: 'ch-desk', token: VERIFICATION_TOKEN, type: 'url_verification' }, ENCRYPT_KEY);
    const challenge = await fetch(`${kefu.url}/webhooks/lark/${accountId}`, { method: 'POST', headers, body });
    expect(challenge.status).toBe(200);
    expect(await challenge.json()).toEqual({ challenge: 'ch-desk' });

    const event = larkEventRequest({ schema: '2.0', header: { event_id: 'forged', event_type: 'card.action.trigger', token: VERIFICATION_TOKEN }, event: {} }, ENCRYPT_KEY);
    const forged = await fetch(`${kefu.url}/webhooks/lark/${accountId}`, { method: 'POST', headers: { ...event.headers, 'x-lark-signature': '0'.repeat(64) }, body: event.body });
    expect(forged.status).toBe(401);
  });

  it('posts a card, lets an agent claim and answer in its thread, and the web shopper receives the answer', async () => {
    const shopper = await new TestShopper(kefu.url).start({ tenantKey: 'demo', shopperToken: TestShopper.demoShopperToken('zhangwei') });
    const asked = await shopper.say('我要找人工客服');
    const botReply = await shopper.replyAfter(asked);
    expect(botReply.text).toContain('人工');

    const card = await waitFor('the handoff card', () => lark.sent.find((m) => m.chatId === AGENT_CHAT && m.msgType === 'interactive'));
    const cardJson = JSON.stringify(JSON.parse(card.content));
    expect(cardJson).toContain('待认领');
    expect(cardJson).toContain('web');
    expect(cardJson).toContain('我要找人工客服');
    expect(cardJson).toContain('张伟');

    // A stranger's click changes nothing.
    const ticketValue = (JSON.parse(card.content).elements as { tag: string; actions?: { value?: Record<string, unknown> }[] }[]).find((e) => e.tag === 'action')!.actions![0].value!;
    const strangerClick = await deliverLarkEvent(kefu, accountId, 'card.action.trigger', cardClick({ openId: OTHER_OPEN_ID, messageId: card.messageId, chatId: AGENT_CHAT, value: ticketValue }));
    expect(JSON.parse(strangerClick.text)).toMatchObject({ toast: { type: 'error' } });
    expect(lark.patches).toHaveLength(0);

    const claim = await deliverLarkEvent(kefu, accountId, 'card.action.trigger', cardClick({ openId: AGENT_OPEN_ID, messageId: card.messageId, chatId: AGENT_CHAT, value: ticketValue }));
    expect(claim.status).toBe(200);
    expect(JSON.parse(claim.text)).toMatchObject({ toast: { type: 'success' } });
    expect(JSON.stringify(lark.cardOf(card.messageId))).toContain('处理中');
    expect(JSON.stringify(lark.cardOf(card.messageId))).toContain('由 ');
    const ticket = await DeskTicket.findOne({ where: { tenantId: await demoTenantId(), cardMessageId: card.messageId } });
    expect(ticket).toMatchObject({ status: 'claimed', assigneeUserId: agentUserId });

    const threadReply = agentThreadReply({ rootId: card.messageId, chatId: AGENT_CHAT, openId: AGENT_OPEN_ID, text: '@_user_1 您好，我是客服小李，已为您催促快递' });
    const delivered = await deliverLarkEvent(kefu, accountId, 'im.message.receive_v1', threadReply, 'ev-reply-1');
    expect(delivered.status).toBe(200);
    // Lark retries the same event: it must not reach the shopper twice.
    await deliverLarkEvent(kefu, accountId, 'im.message.receive_v1', threadReply, 'ev-reply-1');

    const agentMessage = await shopper.replyAfter(botReply);
    expect(agentMessage).toMatchObject({ role: 'agent', text: '您好，我是客服小李，已为您催促快递' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await shopper.messages(botReply.id)).filter((m) => m.role === 'agent')).toHaveLength(1);

    // What the shopper says next shows up in the card's thread, not answered by the bot.
    const followUp = await shopper.say('好的谢谢');
    await waitFor('the relayed shopper message', () => lark.sent.find((m) => m.replyTo === card.messageId && m.content.includes('客户：好的谢谢')));
    expect((await shopper.messages(followUp.id)).filter((m) => m.role === 'bot')).toHaveLength(0);

    const audit = await AuditEntry.findAll({ where: { tenantId: ticket!.tenantId, action: 'conversation.claimed' } });
    expect(audit.map((a) => a.actorId)).toContain(String(agentUserId));
  });

  it('keeps the unlinked and the unassigned out, transfers to another agent and closes from the card', async () => {
    const shopper = await new TestShopper(kefu.url).start({ tenantKey: 'demo', shopperToken: TestShopper.demoShopperToken('lina') });
    const asked = await shopper.say('转人工');
    const botReply = await shopper.replyAfter(asked);
    const card = await waitFor('the second card', () => lark.sent.find((m) => m.msgType === 'interactive' && m.content.includes('李娜')));
    const value = (JSON.parse(card.content).elements as { tag: string; actions?: { value?: Record<string, unknown> }[] }[]).find((e) => e.tag === 'action')!.actions![0].value!;

    await deliverLarkEvent(kefu, accountId, 'im.message.receive_v1', agentThreadReply({ rootId: card.messageId, chatId: AGENT_CHAT, openId: OTHER_OPEN_ID, text: '我来回答' }));
    await waitFor('the notice to the stranger', () => lark.sent.find((m) => m.replyTo === card.messageId && m.content.includes('没有关联客服账号')));

    await deliverLarkEvent(kefu, accountId, 'im.message.receive_v1', agentThreadReply({ rootId: card.messageId, chatId: AGENT_CHAT, openId: AGENT_OPEN_ID, text: '未认领就回复' }));
    await waitFor('the notice to claim first', () => lark.sent.find((m) => m.replyTo === card.messageId && m.content.includes('认领')));

    await deliverLarkEvent(kefu, accountId, 'card.action.trigger', cardClick({ openId: AGENT_OPEN_ID, messageId: card.messageId, chatId: AGENT_CHAT, value }));
    const transfer = await deliverLarkEvent(kefu, accountId, 'card.action.trigger', cardClick({ openId: AGENT_OPEN_ID, messageId: card.messageId, chatId: AGENT_CHAT, value: { ...value, action: 'transfer' }, option: SECOND_OPEN_ID }));
    expect(JSON.parse(transfer.text)).toMatchObject({ toast: { type: 'success', content: expect.stringContaining('小王') } });
    expect(JSON.stringify(lark.cardOf(card.messageId))).toContain('由 小王 处理中');
    // The previous assignee no longer speaks for the shop; the new one does.
    await deliverLarkEvent(kefu, accountId, 'im.message.receive_v1', agentThreadReply({ rootId: card.messageId, chatId: AGENT_CHAT, openId: AGENT_OPEN_ID, text: '我还在吗' }));
    await waitFor('the notice to the previous assignee', () => lark.sent.find((m) => m.replyTo === card.messageId && m.content.includes('其他客服处理')));
    await deliverLarkEvent(kefu, accountId, 'im.message.receive_v1', agentThreadReply({ rootId: card.messageId, chatId: AGENT_CHAT, openId: SECOND_OPEN_ID, text: '您好，我是小王' }));
    expect(await shopper.replyAfter(botReply)).toMatchObject({ role: 'agent', text: '您好，我是小王' });
    const transferAudit = await AuditEntry.findOne({ where: { tenantId: await demoTenantId(), action: 'conversation.transferred' } });
    expect(transferAudit?.details).toMatchObject({ fromUserId: agentUserId, toUserId: secondAgentId });

    const close = await deliverLarkEvent(kefu, accountId, 'card.action.trigger', cardClick({ openId: AGENT_OPEN_ID, messageId: card.messageId, chatId: AGENT_CHAT, value: { ...value, action: 'close' } }));
    expect(JSON.parse(close.text)).toMatchObject({ toast: { type: 'success' } });
    expect(JSON.stringify(lark.cardOf(card.messageId))).toContain('已关闭');
    const ticket = await DeskTicket.findOne({ where: { tenantId: await demoTenantId(), cardMessageId: card.messageId } });
    const conversation = await Conversation.findOne({ where: { tenantId: ticket!.tenantId, id: ticket!.conversationId } });
    expect(conversation!.status).toBe('closed');
    expect((await shopper.messages(botReply.id)).filter((m) => m.role === 'agent').map((m) => m.text)).toEqual(['您好，我是小王']);
  });

  it('a stalled Lark holds only the desk: other scheduled work runs meanwhile, the stalled call times out and the retry posts the card once Lark answers', async () => {
    lark.hold();
    try {
      const shopper = await new TestShopper(kefu.url).start({ tenantKey: 'demo', shopperToken: TestShopper.demoShopperToken('wangfang') });
      await shopper.replyAfter(await shopper.say('我要找人工客服'));
      await waitFor('the card request stalled at Lark', () => (lark.held > 0 ? true : undefined));
      const scheduled = kefu.runtime.queues.scheduled;
      const before = (await scheduled.counts()).completed;
      // A waybill sweep: a real scheduled job, with nothing to subscribe for the demo merchant.
      await scheduled.add({ kind: WAYBILL_SUBSCRIBE_JOB_KIND }, { jobId: `sweep-during-lark-stall-${Date.now()}` });
      await waitFor('the sweep done while Lark stalls', async () => ((await scheduled.counts()).completed > before ? true : undefined));
      expect(lark.held).toBeGreaterThan(0);
      // Without a timeout the first call would wait for Lark forever; with one it fails and the job's retry calls again.
      await waitFor('a retry after the stalled call timed out', () => (lark.held >= 2 ? true : undefined), LARK_TIMEOUT_MS * 4);
    } finally {
      lark.release();
    }
    await waitFor('the card once Lark answers', () => lark.sent.find((m) => m.msgType === 'interactive' && m.content.includes('王芳')));
    // Both the timed-out call and its retry carried the ticket's uuid: Lark posts one card.
    expect(lark.sent.filter((m) => m.msgType === 'interactive' && m.content.includes('王芳'))).toHaveLength(1);
  });
});
