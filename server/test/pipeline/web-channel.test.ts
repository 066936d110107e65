import WebSocket from 'ws';
import { issueSessionToken } from '@kefu/adapter-web';
import type { RunningKefu } from '../../src/boot';
import { PipelineEvent } from '../../src/analytics/models';
import { Message } from '../../src/conversations/models';
import { Customer } from '../../src/customers/models';
import { Tenant } from '../../src/auth/models';
import { demoOrders } from '../../src/demo';
import { TestShopper } from '../support/shopper';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';

/** The web channel end to end on the production set-up: MariaDB, Redis (Bull + pub/sub), Chroma. */
describeWithServices('web channel on MariaDB + Redis', () => {
  let kefu: RunningKefu;
  let env: Record<string, string>;

  beforeAll(async () => {
    env = await productionTestEnv('web', { BODY_LIMIT_BYTES: '4096' });
    kefu = await startTestKefu(env);
  });
  afterAll(async () => {
    await kefu?.stop();
  });

  it('answers an anonymous shopper over HTTP and pushes the reply over WebSocket', async () => {
    const shopper = await new TestShopper(kefu.url).start();
    await shopper.connect();
    const sent = await shopper.say('七天无理由能退吗');
    expect(sent).toMatchObject({ role: 'shopper', text: '七天无理由能退吗' });
    const reply = await shopper.replyAfter(sent);
    expect(reply.role).toBe('bot');
    expect(reply.text).toMatch(/7天|七天/);
    const frame = await shopper.frameMatching((f) => f.type === 'message' && f.message.id === reply.id);
    expect(frame).toMatchObject({ type: 'message', message: { text: reply.text } });
    await shopper.frameMatching((f) => f.type === 'typing');
    shopper.close();
  });

  it('records an event for every pipeline step', async () => {
    const shopper = await new TestShopper(kefu.url).start();
    const sent = await shopper.say('你好');
    const reply = await shopper.replyAfter(sent);
    const tenant = await Tenant.findOne({ where: { key: 'demo' } });
    const deadline = Date.now() + 5000;
    let types: string[] = [];
    while (Date.now() < deadline) {
      const inbound = await PipelineEvent.findAll({ where: { tenantId: tenant!.id, messageId: Number(sent.id) } });
      const outbound = await PipelineEvent.findAll({ where: { tenantId: tenant!.id, messageId: Number(reply.id) } });
      types = [...inbound, ...outbound].map((e) => e.type);
      if (types.includes('message.delivered')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(types).toEqual(expect.arrayContaining(['message.received', 'customer.resolved', 'message.understood', 'reply.composed', 'message.delivered']));
  });

  it('replays a client message id without a second message or reply', async () => {
    const shopper = await new TestShopper(kefu.url).start();
    const first = await shopper.request('POST', '/api/web/messages', { clientMessageId: 'same-1', text: '在吗' });
    expect(first.status).toBe(201);
    const firstMessage = first.body as { id: string };
    await shopper.replyAfter(firstMessage as never);
    const replay = await shopper.request('POST', '/api/web/messages', { clientMessageId: 'same-1', text: '在吗' });
    expect(replay.status).toBe(200);
    expect((replay.body as { id: string }).id).toBe(firstMessage.id);
    await new Promise((r) => setTimeout(r, 500));
    const all = await shopper.messages();
    expect(all.filter((m) => m.role === 'shopper')).toHaveLength(1);
    expect(all.filter((m) => m.role === 'bot')).toHaveLength(1);
  });

  it('discloses orders only to the shopper proven to own them', async () => {
    const zhangwei = await new TestShopper(kefu.url).start({ tenantKey: 'demo', shopperToken: TestShopper.demoShopperToken('zhangwei') });
    const own = demoOrders.filter((o) => o.shopperRef === 'zhangwei').map((o) => o.orderNo);
    const reply = await zhangwei.replyAfter(await zhangwei.say('我的快递到哪了'));
    expect(own.some((no) => reply.text.includes(no))).toBe(true);
    expect(reply.cards?.[0]).toMatchObject({ type: 'order' });

    const someoneElses = demoOrders.find((o) => o.shopperRef === 'lina')!.orderNo;
    const probe = await zhangwei.replyAfter(await zhangwei.say(`订单${someoneElses}到哪了`));
    expect(probe.text).not.toMatch(/当前状态/);
    expect(probe.cards ?? []).toHaveLength(0);

    const anonymous = await new TestShopper(kefu.url).start();
    const anonReply = await anonymous.replyAfter(await anonymous.say(`订单${own[0]}到哪了`));
    expect(anonReply.text).not.toContain(own[0]);
    expect(anonReply.cards ?? []).toHaveLength(0);
  });

  it('stores phone numbers encrypted and findable by keyed hash', async () => {
    const tenant = await Tenant.findOne({ where: { key: 'demo' } });
    const customer = await Customer.findOne({ where: { tenantId: tenant!.id, externalRef: 'zhangwei' } });
    expect(customer!.phoneEncrypted).toMatch(/^v1:/);
    expect(customer!.phoneEncrypted).not.toMatch(/1[3-9]\d{9}/);
    const phone = kefu.runtime.cipher.decrypt(customer!.phoneEncrypted!);
    expect(phone).toMatch(/^1[3-9]\d{9}$/);
    expect(customer!.phoneHash).toBe(kefu.runtime.cipher.lookupHash(phone));
  });

  describe('bad input', () => {
    let shopper: TestShopper;
    beforeAll(async () => {
      shopper = await new TestShopper(kefu.url).start();
    });

    it('malformed JSON → 400 naming the problem', async () => {
      const response = await shopper.request('POST', '/api/web/messages', '{"clientMessageId": "x", text');
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toMatch(/malformed JSON/);
    });

    it('invalid fields → 400 naming each field', async () => {
      const response = await shopper.request('POST', '/api/web/messages', { clientMessageId: '', text: 5 });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toMatch(/body\.clientMessageId/);
      expect(JSON.stringify(response.body)).toMatch(/body\.text/);
    });

    it('oversized body → 413', async () => {
      const response = await shopper.request('POST', '/api/web/messages', { clientMessageId: 'big', text: '大'.repeat(5000) });
      expect(response.status).toBe(413);
    });

    it('missing or wrong credentials → 401', async () => {
      expect((await shopper.request('GET', '/api/web/messages', undefined, { authorization: '' })).status).toBe(401);
      expect((await shopper.request('GET', '/api/web/messages', undefined, { authorization: `Bearer ${shopper.token}x` })).status).toBe(401);
      const refused = await new Promise<number>((resolve) => {
        const socket = new WebSocket(`${kefu.url.replace('http', 'ws')}/api/web/ws?token=nope`);
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => resolve(101));
        socket.on('error', () => undefined);
      });
      expect(refused).toBe(401);
    });

    it('a validly signed token for a session that does not exist → 404', async () => {
      const tenant = await Tenant.findOne({ where: { key: 'demo' } });
      const ghost = issueSessionToken({ tenantId: tenant!.id, channelAccountId: 1, identityId: 999_999, externalId: 'v_ghost' }, env.SESSION_SECRET);
      const response = await shopper.request('GET', '/api/web/messages', undefined, { authorization: `Bearer ${ghost}` });
      expect(response.status).toBe(404);
    });

    it('unknown tenant → 404, forged shopper token → 401', async () => {
      const fresh = new TestShopper(kefu.url);
      expect((await fresh.request('POST', '/api/web/sessions', { tenantKey: 'no-such-shop' })).status).toBe(404);
      expect((await fresh.request('POST', '/api/web/sessions', { tenantKey: 'demo', shopperToken: 'eyJyZWYiOiJ6aGFuZ3dlaSJ9.forged' })).status).toBe(401);
    });
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await fetch(`${kefu.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${kefu.url}/readyz`);
    // The models this process understands with are listed too; test servers choose the lexicon for sentiment.
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { database: true, queue: true, vectors: true },
      models: { intent: { available: true }, sentiment: { available: env.SENTIMENT_MODEL !== 'lexicon' } },
    });
    const metrics = await (await fetch(`${kefu.url}/metrics`)).text();
    expect(metrics).toMatch(/kefu_http_request_duration_seconds_bucket/);
    expect(metrics).toMatch(/kefu_deliveries_total\{platform="web",status="sent"\}/);
    const openapi = (await (await fetch(`${kefu.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/web/sessions', '/api/web/messages', '/api/web/cart']));
    // The cart's body is documented from the schema the route validates with: SKUs and quantities only, no prices.
    const cartBody = (openapi.paths['/api/web/cart'] as { put: { requestBody: { content: Record<string, { schema: { properties: { items: { items: { properties: object } } } } }> } } }).put.requestBody.content['application/json'].schema;
    expect(Object.keys(cartBody.properties.items.items.properties).sort()).toEqual(['quantity', 'sku']);
  });

  it('keeps shopper messages unique per channel account and platform id in the database', async () => {
    const tenant = await Tenant.findOne({ where: { key: 'demo' } });
    const any = await Message.findOne({ where: { tenantId: tenant!.id, role: 'shopper' } });
    await expect(
      Message.create({ tenantId: any!.tenantId, conversationId: any!.conversationId, channelAccountId: any!.channelAccountId, platformMessageId: any!.platformMessageId, role: 'shopper', kind: 'text', text: 'dup', status: 'received' }),
    ).rejects.toThrow(/Validation|unique|Duplicate/i);
  });
});
