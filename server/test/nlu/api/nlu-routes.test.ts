import type { RunningKefu } from '../../../src/boot';
import { Message } from '../../../src/conversations/models';
import { Tenant } from '../../../src/auth/models';
import { TestShopper } from '../../support/shopper';
import { embeddedTestEnv, startTestKefu } from '../../support/start-test-kefu';

/** The console's NLU API and merchant intents on the embedded set-up, through real HTTP. */
describe('NLU API', () => {
  let kefu: RunningKefu;
  const tokens: Record<string, string> = {};

  const call = async (method: string, path: string, role: string, body?: unknown) => {
    const response = await fetch(kefu.url + path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[role]}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> };
  };

  beforeAll(async () => {
    kefu = await startTestKefu(embeddedTestEnv({ SEED_DEMO: 'true' }));
    for (const [role, email, password] of [['owner', 'owner@demo.kefu', 'demo-owner-pass'], ['viewer', 'viewer@demo.kefu', 'demo-viewer-pass']]) {
      const response = await fetch(`${kefu.url}/api/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenantKey: 'demo', email, password }) });
      tokens[role] = ((await response.json()) as { token: string }).token;
    }
  }, 120_000);
  afterAll(async () => {
    await kefu?.stop();
  });

  it('parses a turn against the tenant catalog and carries context into the next one', async () => {
    const first = await call('POST', '/api/nlu/parse', 'viewer', { text: 'AJ1 42码还有货吗' });
    expect(first.status).toBe(200);
    expect(first.body.intent).toBe('product.stock');
    expect((first.body.slots as Record<string, unknown>).product).toMatch(/Air Jordan 1/);
    const second = await call('POST', '/api/nlu/parse', 'viewer', { text: '是正品吗', context: first.body.context });
    expect(second.body.intent).toBe('product.authenticity');
    expect(second.body.carried).toEqual(['product']);
  });

  it('rejects bad input and missing credentials', async () => {
    expect((await call('POST', '/api/nlu/parse', 'viewer', { text: 5 })).status).toBe(400);
    const anonymous = await fetch(`${kefu.url}/api/nlu/parse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"你好"}' });
    expect(anonymous.status).toBe(401);
  });

  it('serves a merchant intent as soon as it is saved, and only admins may save one', async () => {
    const intent = {
      intentId: 'engraving.request',
      description: '刻字服务',
      examples: ['能刻字吗', '可以帮我刻个名字吗', '鞋盒上能刻字不', '刻字要加钱吗', '想在手机壳上刻字', '刻字服务怎么收费', '定制刻字多久能发'],
    };
    expect((await call('PUT', '/api/nlu/intents', 'viewer', intent)).status).toBe(403);
    expect((await call('PUT', '/api/nlu/intents', 'owner', { ...intent, intentId: 'order.track' })).status).toBe(409);
    const saved = await call('PUT', '/api/nlu/intents', 'owner', intent);
    expect(saved.status).toBe(200);
    const parsed = await call('POST', '/api/nlu/parse', 'viewer', { text: '这个杯子能给我刻个字吗' });
    expect(parsed.body.intent).toBe('engraving.request');
    expect((await call('GET', '/api/nlu/intents', 'viewer')).body.intents).toEqual([expect.objectContaining({ intentId: 'engraving.request' })]);
    expect((await call('DELETE', '/api/nlu/intents/engraving.request', 'owner')).status).toBe(204);
    const after = await call('POST', '/api/nlu/parse', 'viewer', { text: '这个杯子能给我刻个字吗' });
    expect(after.body.intent).not.toBe('engraving.request');
  });

  it('stores what it understood on each shopper message', async () => {
    const shopper = await new TestShopper(kefu.url).start();
    const sent = await shopper.say('你们客服态度太差了 气死了 我要投诉！！！');
    await shopper.replyAfter(sent);
    const tenant = await Tenant.findOne({ where: { key: 'demo' } });
    const stored = await Message.findOne({ where: { tenantId: tenant!.id, id: Number(sent.id) } });
    expect(stored!.intent).toBe('complaint');
    expect(stored!.nlu).toMatchObject({ sentiment: 'negative' });
  });

  it('resolves 是的 / 不用了 against the question the bot asked', async () => {
    const yes = await new TestShopper(kefu.url).start();
    const asked = await yes.replyAfter(await yes.say('asdkjh qweoiu'));
    expect(asked.text).toMatch(/转接人工客服吗/);
    const handedOff = await yes.replyAfter(await yes.say('是的'));
    expect(handedOff.text).toMatch(/正在为您转接人工/);

    const no = await new TestShopper(kefu.url).start();
    await no.replyAfter(await no.say('asdkjh qweoiu'));
    const declined = await no.replyAfter(await no.say('不用了'));
    expect(declined.text).toMatch(/还有什么可以帮您/);
    // The question is gone after one turn: a later 是的 is a plain affirm, not a handoff.
    const later = await no.replyAfter(await no.say('是的'));
    expect(later.text).not.toMatch(/正在为您转接人工/);
  });
});
