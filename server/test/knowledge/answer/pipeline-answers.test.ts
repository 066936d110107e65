import type { RunningKefu } from '../../../src/boot';
import { Tenant } from '../../../src/auth/models';
import { issueConsoleToken } from '../../../src/auth/console-tokens';
import { createUser } from '../../../src/auth/users';
import { Message } from '../../../src/conversations/models';
import { KnowledgeAnswer } from '../../../src/knowledge/answer/answer-models';
import { KnowledgeEntry } from '../../../src/knowledge/models';
import { TestShopper } from '../../support/shopper';
import { warmUp } from './warm-up';
import { productionTestEnv, startTestKefu } from '../../support/start-test-kefu';
import { describeWithServices } from '../../support/test-database';

jest.setTimeout(120_000);

async function answerRowFor(tenantId: number, questionId: string): Promise<KnowledgeAnswer> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const row = await KnowledgeAnswer.findOne({ where: { tenantId, questionMessageId: Number(questionId) } });
    if (row) return row;
    if (Date.now() > deadline) throw new Error(`no knowledge answer recorded for message ${questionId}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The pipeline's answer step on the production set-up (MariaDB with migration 0004, Redis, Chroma). */
describeWithServices('shoppers are answered from the knowledge retriever', () => {
  let kefu: RunningKefu;
  let env: Record<string, string>;
  let tenantId: number;
  let adminToken: string;

  const consoleApi = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${kefu.url}/api/console/knowledge${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  beforeAll(async () => {
    env = await productionTestEnv('kbanswer');
    kefu = await startTestKefu(env);
    const tenant = await Tenant.findOne({ where: { key: 'demo' } });
    tenantId = Number(tenant!.id);
    const admin = await createUser(tenantId, { email: 'kb-admin@demo.test', password: 'correct horse battery', role: 'admin' });
    adminToken = issueConsoleToken({ userId: admin.id, tenantId, role: 'admin' }, env.SESSION_SECRET);
    await warmUp(kefu.url);
  });
  afterAll(async () => {
    await kefu?.stop();
  });

  it('answers a policy question and records the entry and revision it used', async () => {
    const shopper = await new TestShopper(kefu.url).start();
    const sent = await shopper.say('羽绒服可以机洗吗');
    const reply = await shopper.replyAfter(sent);
    const entry = await KnowledgeEntry.findOne({ where: { tenantId, slug: 'kb-product-care' } });
    expect(reply.text).toBe(entry!.answer);
    const row = await answerRowFor(tenantId, sent.id);
    expect(row.outcome).toBe('answered');
    expect(Number(row.replyMessageId)).toBe(Number(reply.id));
    expect(row.sources[0]).toMatchObject({ entryId: Number(entry!.id), slug: 'kb-product-care', revision: entry!.version });
    expect(row.confidence).toBeGreaterThanOrEqual(0.3);
  });

  it('does not guess on a question the knowledge base does not cover: it offers a person and records the gap', async () => {
    const shopper = await new TestShopper(kefu.url).start();
    const sent = await shopper.say('你们有线下实体店吗');
    const reply = await shopper.replyAfter(sent);
    expect(reply.text).toContain('人工');
    const row = await answerRowFor(tenantId, sent.id);
    expect(['low_confidence', 'no_match']).toContain(row.outcome);
    const stored = await Message.findOne({ where: { tenantId, id: Number(reply.id) } });
    expect(stored?.text).toBe(reply.text);
  });

  it('serves a newly published entry at once, with its {product} placeholder filled from the question', async () => {
    const created = await consoleApi('POST', '/entries', {
      title: '有线下实体店吗？',
      answer: '{product}目前只在线上销售，暂无线下实体店，所有商品由杭州余杭仓发货。',
      keywords: ['实体店', '线下', '门店'],
      similarQuestions: ['有门店吗', '线下能买到吗'],
    });
    expect(created.status).toBe(201);
    const entryId = created.body.entry.id as number;
    const published = await consoleApi('POST', `/entries/${entryId}/revisions/1/publish`);
    expect(published.status).toBe(200);

    const shopper = await new TestShopper(kefu.url).start();
    const sent = await shopper.say('你们有线下实体店吗');
    const reply = await shopper.replyAfter(sent);
    expect(reply.text).toBe('该商品目前只在线上销售，暂无线下实体店，所有商品由杭州余杭仓发货。');
    const row = await answerRowFor(tenantId, sent.id);
    expect(row.outcome).toBe('answered');
    expect(row.sources[0]).toMatchObject({ entryId, revision: published.body.entry.publishedRevision });

    // Archiving takes it out of service again: the next identical question is not answered from it.
    const archived = await consoleApi('POST', `/entries/${entryId}/revisions/1/archive`);
    expect(archived.status).toBe(200);
    const again = await shopper.say('你们有线下实体店吗');
    await shopper.replyAfter(again);
    const second = await answerRowFor(tenantId, again.id);
    expect(second.sources.map((s) => s.entryId)).not.toContain(entryId);
  });
});
