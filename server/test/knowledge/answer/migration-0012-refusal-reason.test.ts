import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tenant } from '../../../src/auth/models';
import { ChannelAccount } from '../../../src/channels/models';
import { storeInboundMessage, storeReply } from '../../../src/conversations/conversation-service';
import { ChannelIdentity } from '../../../src/customers/models';
import { openDatabase, type Database } from '../../../src/db/database';
import { createMigrator } from '../../../src/db/migrator';
import { KnowledgeAnswer } from '../../../src/knowledge/answer/answer-models';
import { answerFromKnowledge } from '../../../src/knowledge/answer/answer-from-knowledge';
import { recordKnowledgeAnswer } from '../../../src/knowledge/answer/record-knowledge-answer';
import { KnowledgeRetriever } from '../../../src/knowledge/retrieval/knowledge-retriever';
import { LocalEmbedder } from '../../../src/knowledge/retrieval/local-embedder';
import { collectEntryOutcomes } from '../../../src/knowledge/learning/entry-outcomes';
import { recordFeedback } from '../../../src/knowledge/learning/record-feedback';
import { createLogger } from '../../../src/logger';
import { VectorStore } from '../../../src/vectors/vector-store';
import { chromaUrl, freshMysqlDatabase, mysqlAvailable } from '../../support/test-database';

const MIGRATION = '0012-knowledge-answer-refusal-reason';

/** The refusal reason column: written when the answer step declines, cleared when a re-run answers, and 0012 goes down and up again. */
function refusalReasonSuite(databaseUrl: () => Promise<string>): void {
  let db: Database;
  afterAll(async () => {
    await db?.close();
  });

  it('stores why the bot declined in its own column and survives down and up', async () => {
    const logger = createLogger('silent');
    db = await openDatabase({ url: await databaseUrl(), dataDir: '/tmp', logger, migrate: false });
    const migrator = createMigrator(db.sequelize, logger);
    await migrator.up();
    const columns = async () => Object.keys(await db.sequelize.getQueryInterface().describeTable('knowledge_answers'));
    expect(await columns()).toContain('refusal_reason');

    const tenant = await Tenant.create({ key: `refusal-${Date.now()}`, name: 'Refusal shop', orderNumberPattern: null });
    const tenantId = Number(tenant.id);
    const account = await ChannelAccount.create({ tenantId, platform: 'web', appId: 'web-1', name: 'Web', credentialsEncrypted: null, unionScope: null });
    const identity = await ChannelIdentity.create({ tenantId, channelAccountId: account.id, externalId: 'shopper-1', unionId: null, customerId: null, displayName: null });
    const { message } = await storeInboundMessage({ tenantId, channelAccountId: account.id, channelIdentityId: identity.id, platformMessageId: 'q-1', kind: 'text', text: '可以寄到南极吗' });
    const reply = await storeReply(message, 0, { role: 'bot', text: '需要为您转接人工客服吗？' });

    // A real decision from an empty knowledge base: nothing to answer from.
    const retriever = new KnowledgeRetriever({ vectors: new VectorStore(chromaUrl(), { logger }), embedder: new LocalEmbedder(), logger });
    const declined = await answerFromKnowledge(retriever, { tenantId, question: message.text, slots: {} });
    await recordKnowledgeAnswer(message, reply, declined);
    await retriever.dropTenant(tenantId);
    const stored = async () => (await KnowledgeAnswer.findOne({ where: { tenantId, questionMessageId: message.id } }))!;
    expect(await stored()).toMatchObject({ outcome: 'no_match', refusalReason: 'no_match: no entry matched the question' });

    // The same question re-run and answered: an answered row has no refusal to explain.
    await recordKnowledgeAnswer(message, reply, { outcome: 'answered', text: '可以', confidence: 0.9, sources: [{ entryId: 7, revision: 1, slug: 'kb-ship', score: 0.9 }] });
    expect((await stored()).refusalReason).toBeNull();
    // The usefulness reader takes raw rows (JSON as text, ids as each driver returns them) on both dialects.
    await recordFeedback({ tenantId, messageId: reply.id, rater: 'shopper', rating: 'down' });
    expect((await collectEntryOutcomes(tenantId, new Date(Date.now() - 60_000))).get(7)).toMatchObject({ up: 0, down: 1, failingQuestionIds: [Number(message.id)] });
    await recordKnowledgeAnswer(message, reply, { ...declined, outcome: 'low_confidence', refusal: 'low_confidence: confidence 0.12 below 0.30' });
    expect((await stored()).refusalReason).toBe('low_confidence: confidence 0.12 below 0.30');

    await migrator.down({ to: MIGRATION });
    expect(await columns()).not.toContain('refusal_reason');
    expect(await KnowledgeAnswer.count({ where: { tenantId }, attributes: ['id'] })).toBe(1);
    await migrator.up();
    const [[restored]] = (await db.sequelize.query(`SELECT refusal_reason FROM knowledge_answers WHERE tenant_id = ${tenantId}`)) as [{ refusal_reason: string | null }[], unknown];
    expect(restored.refusal_reason).toBeNull();
  });
}

describe('migration 0012 on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-mig-'));
  refusalReasonSuite(async () => `sqlite:${join(dir, 'kefu.sqlite')}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
});

(mysqlAvailable ? describe : describe.skip)('migration 0012 on MariaDB', () => {
  refusalReasonSuite(() => freshMysqlDatabase('refusal_mig'));
});
