import { InMemorySharedCache, renderOutbound } from '@kefu/shared';
import { LarkApi, LarkApiError, buildHandoffCard, larkProtocol, readDeskActionValue } from '../src';
import { LocalLarkServer } from './support/local-lark-server';

describe('LarkApi against a local Lark server', () => {
  const app = { appId: 'cli_api', appSecret: 'api-secret' };
  let server: LocalLarkServer;
  let apiBaseUrl: string;

  beforeEach(async () => {
    server = new LocalLarkServer(app, new Set(['oc_agents']));
    apiBaseUrl = await server.start();
  });
  afterEach(() => server.stop());

  const card = buildHandoffCard({ ticketId: 5, state: 'waiting', customerName: '张伟', channel: 'web', summary: '要求转人工', intent: 'human.handoff', orderNo: 'E1', lastMessages: [{ role: 'shopper', text: '转人工' }], transferTargets: [] });

  it('posts a card, replies in its thread and patches it, fetching one token through the shared cache', async () => {
    const cache = new InMemorySharedCache();
    const api = new LarkApi({ ...app, apiBaseUrl }, cache);
    const cardId = await api.postCard('oc_agents', card);
    const replyId = await api.replyText(cardId, '已收到');
    await api.updateCard(cardId, { ...card, header: { title: { tag: 'plain_text', content: 'changed' } } });

    expect(server.sent[0]).toMatchObject({ messageId: cardId, chatId: 'oc_agents', msgType: 'interactive' });
    expect(JSON.parse(server.sent[0].content)).toEqual(card);
    expect(server.sent[1]).toMatchObject({ messageId: replyId, replyTo: cardId, replyInThread: true, content: JSON.stringify({ text: '已收到' }) });
    expect(server.cardOf(cardId)).toMatchObject({ header: { title: { content: 'changed' } } });
    // A second client (another process) reuses the cached token.
    await new LarkApi({ ...app, apiBaseUrl }, cache).replyText(cardId, '第二条');
    expect(server.tokenRequests).toBe(1);
  });

  it('reports Lark error codes, retryable only for rate limits', async () => {
    const api = new LarkApi({ ...app, apiBaseUrl }, new InMemorySharedCache());
    await expect(api.postCard('oc_not_joined', card)).rejects.toMatchObject({ code: 230002, retryable: false });
    server.failNext = { code: 99991400, msg: 'request trigger frequency limit', httpStatus: 429 };
    await expect(api.postCard('oc_agents', card)).rejects.toMatchObject({ code: 99991400, retryable: true });
  });

  it('fails with the platform reason when the app secret is wrong', async () => {
    const api = new LarkApi({ ...app, appSecret: 'wrong', apiBaseUrl }, new InMemorySharedCache());
    await expect(api.postCard('oc_agents', card)).rejects.toBeInstanceOf(LarkApiError);
    expect(server.sent).toHaveLength(0);
  });

  it('sends a text through the protocol, one message per Kefu message id', async () => {
    const config = { ...app, apiBaseUrl, verificationToken: 'v', agentChatId: 'oc_agents', maxClockSkewSeconds: 300 };
    const context = { config, cache: new InMemorySharedCache(), fetch, now: () => new Date() };
    const message = renderOutbound({ messageId: '9', conversationId: '1', channelAccountId: '1', externalUserId: 'oc_agents', role: 'bot', text: '提醒', cards: [] }, larkProtocol.sendCapabilities);
    const first = await larkProtocol.send(message, context);
    const retried = await larkProtocol.send(message, context);
    expect(first).toEqual({ status: 'sent', platformMessageId: expect.stringMatching(/^om_/) });
    expect(retried).toEqual(first);
    expect(server.sent).toHaveLength(1);
    expect(await larkProtocol.send({ ...message, messageId: '10', externalUserId: 'oc_elsewhere' }, context)).toMatchObject({ status: 'failed', retryable: false, code: '230002' });
  });
});

describe('handoff card', () => {
  it('offers claim while waiting and only close/transfer once claimed; action values round-trip', () => {
    const base = { ticketId: 8, customerName: '李娜', channel: 'wechat', summary: 's', intent: null, orderNo: null, lastMessages: [], transferTargets: [{ name: '小王', openId: 'ou_w' }] };
    const waiting = JSON.stringify(buildHandoffCard({ ...base, state: 'waiting' }));
    const claimed = JSON.stringify(buildHandoffCard({ ...base, state: 'claimed', assigneeName: '小李' }));
    const closed = JSON.stringify(buildHandoffCard({ ...base, state: 'closed' }));
    expect(waiting).toContain('认领');
    expect(claimed).not.toContain('"认领"');
    expect(claimed).toContain('由 小李 处理中');
    expect(closed).not.toContain('button');
    expect(readDeskActionValue({ kefu: 'desk', action: 'claim', ticketId: 8 })).toEqual({ kefu: 'desk', action: 'claim', ticketId: 8 });
    expect(readDeskActionValue({ kefu: 'other', action: 'claim', ticketId: 8 })).toBeNull();
    expect(readDeskActionValue({ kefu: 'desk', action: 'delete', ticketId: 8 })).toBeNull();
  });
});
