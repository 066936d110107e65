import request from 'supertest';
import type { Role } from '../../../src/auth/models';
import { AuditEntry } from '../../../src/auth/models';
import { Product } from '../../../src/commerce/models';
import { KnowledgeEntry } from '../../../src/knowledge/models';
import { loadIndexableEntries } from '../../../src/knowledge/management/load-indexable-entries';
import { buildDocx, buildPdf, buildXlsx } from '../import/build-fixtures';
import { openKnowledgeRuntime, seedTenantWithRoles, waitFor, type KnowledgeTestRuntime } from './knowledge-test-kit';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The knowledge console API end to end on a real database; run once per dialect. */
export function knowledgeRoutesSuite(databaseUrl: () => Promise<string>): void {
  let t: KnowledgeTestRuntime;
  let a: Awaited<ReturnType<typeof seedTenantWithRoles>>;
  let b: Awaited<ReturnType<typeof seedTenantWithRoles>>;
  const api = () => request(t.server);
  const as = (role: Role, tenant = a) => ({ Authorization: `Bearer ${tenant.tokens[role]}` });
  const base = '/api/console/knowledge';

  const createDraft = async (fields: Body = {}) =>
    (await api().post(`${base}/entries`).set(as('agent')).send({ title: '付款后多久发货？', answer: '现货48小时内发货。', tags: ['物流'], ...fields }).expect(201)).body as Body;

  beforeAll(async () => {
    t = await openKnowledgeRuntime(await databaseUrl());
    a = await seedTenantWithRoles('kb-a');
    b = await seedTenantWithRoles('kb-b');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('entries and workflow', () => {
    it('creates a draft that is not served until an admin publishes it', async () => {
      const created = await createDraft({ slug: 'ship-time' });
      expect(created.entry).toMatchObject({ slug: 'ship-time', latestRevision: 1, publishedRevision: null });
      expect(created.revision).toMatchObject({ revision: 1, status: 'draft', authorUserId: a.userIds.agent });
      const id = created.entry.id as number;
      expect((await loadIndexableEntries(a.tenantId)).map((e) => e.entryId)).not.toContain(id);

      await api().post(`${base}/entries/${id}/revisions/1/submit`).set(as('agent')).expect(200);
      await api().post(`${base}/entries/${id}/revisions/1/publish`).set(as('agent')).expect(403);
      const published = (await api().post(`${base}/entries/${id}/revisions/1/publish`).set(as('admin')).expect(200)).body as Body;
      expect(published.entry).toMatchObject({ publishedRevision: 1, version: 2 });
      expect(published.revision.status).toBe('published');
      const served = (await loadIndexableEntries(a.tenantId)).find((e) => e.entryId === id);
      expect(served).toMatchObject({ slug: 'ship-time', title: '付款后多久发货？', revision: 1, tags: ['物流'] });
      expect(await AuditEntry.findOne({ where: { tenantId: a.tenantId, action: 'knowledge.published', targetId: String(id) } })).not.toBeNull();
    });

    it('edits as new revisions, answers 409 with the current revision when stale, and keeps unsent fields', async () => {
      const id = (await createDraft()).entry.id as number;
      const second = (await api().put(`${base}/entries/${id}`).set(as('agent')).send({ baseRevision: 1, answer: '现货48小时内发货。\n大促72小时。' }).expect(201)).body as Body;
      expect(second.revision).toMatchObject({ revision: 2, status: 'draft', tags: ['物流'], title: '付款后多久发货？' });
      const stale = await api().put(`${base}/entries/${id}`).set(as('agent')).send({ baseRevision: 1, title: '别人的修改' }).expect(409);
      expect(stale.body.error.code).toBe('stale_revision');
      expect(stale.body.error.details.currentRevision).toMatchObject({ revision: 2, answer: '现货48小时内发货。\n大促72小时。' });

      const detail = (await api().get(`${base}/entries/${id}`).set(as('viewer')).expect(200)).body as Body;
      expect(detail.revisions.map((r: Body) => r.revision)).toEqual([2, 1]);

      const diff = (await api().get(`${base}/entries/${id}/diff?from=1&to=2`).set(as('viewer')).expect(200)).body as Body;
      expect(diff.answer).toEqual([
        { op: 'equal', text: '现货48小时内发货。' },
        { op: 'insert', text: '大促72小时。' },
      ]);
      expect(diff.title).toEqual([{ op: 'equal', text: '付款后多久发货？' }]);
    });

    it('rolls back by publishing a copy of an old revision, audited', async () => {
      const id = (await createDraft({ answer: 'v1' })).entry.id as number;
      await api().post(`${base}/entries/${id}/revisions/1/publish`).set(as('owner')).expect(200);
      await api().put(`${base}/entries/${id}`).set(as('agent')).send({ baseRevision: 1, answer: 'v2' }).expect(201);
      await api().post(`${base}/entries/${id}/revisions/2/publish`).set(as('admin')).expect(200);
      await api().post(`${base}/entries/${id}/rollback`).set(as('agent')).send({ toRevision: 1 }).expect(403);
      const rolled = (await api().post(`${base}/entries/${id}/rollback`).set(as('admin')).send({ toRevision: 1 }).expect(201)).body as Body;
      expect(rolled.revision).toMatchObject({ revision: 3, status: 'published', answer: 'v1' });
      expect(rolled.entry).toMatchObject({ answer: 'v1', publishedRevision: 3 });
      const detail = (await api().get(`${base}/entries/${id}`).set(as('viewer')).expect(200)).body as Body;
      expect(detail.revisions.map((r: Body) => `${r.revision}:${r.status}`)).toEqual(['3:published', '2:archived', '1:archived']);
      expect(await AuditEntry.findOne({ where: { tenantId: a.tenantId, action: 'knowledge.rolled_back', targetId: String(id) } })).not.toBeNull();
      // A published revision cannot be published again, and re-submitting it is a conflict too.
      await api().post(`${base}/entries/${id}/revisions/3/submit`).set(as('agent')).expect(409);
    });

    it('archiving the served revision takes the entry off the air', async () => {
      const id = (await createDraft()).entry.id as number;
      await api().post(`${base}/entries/${id}/revisions/1/publish`).set(as('admin')).expect(200);
      const archived = (await api().post(`${base}/entries/${id}/revisions/1/archive`).set(as('admin')).expect(200)).body as Body;
      expect(archived.entry.publishedRevision).toBeNull();
      expect((await loadIndexableEntries(a.tenantId)).map((e) => e.entryId)).not.toContain(id);
      const unpublished = (await api().get(`${base}/entries?state=unpublished&limit=200`).set(as('viewer')).expect(200)).body as Body;
      expect(unpublished.entries.map((e: Body) => e.id)).toContain(id);
    });

    it('honours validity windows: an expired promotion and a future one are not served', async () => {
      const now = new Date();
      const day = 86_400_000;
      const make = async (title: string, validFrom: Date | null, validUntil: Date | null) => {
        const id = (await createDraft({ title, validFrom, validUntil })).entry.id as number;
        await api().post(`${base}/entries/${id}/revisions/1/publish`).set(as('admin')).expect(200);
        return id;
      };
      const expired = await make('双11满减', new Date(now.getTime() - 10 * day), new Date(now.getTime() - day));
      const future = await make('双12预告', new Date(now.getTime() + day), null);
      const current = await make('本周满299减30', new Date(now.getTime() - day), new Date(now.getTime() + day));
      const served = (await loadIndexableEntries(a.tenantId, now)).map((e) => e.entryId);
      expect(served).toContain(current);
      expect(served).not.toContain(expired);
      expect(served).not.toContain(future);
      const later = (await loadIndexableEntries(a.tenantId, new Date(now.getTime() + 2 * day))).map((e) => e.entryId);
      expect(later).toContain(future);
      expect(later).not.toContain(current);
    });

    it('lists and searches entries of the caller tenant only', async () => {
      await createDraft({ title: '发票怎么开？', answer: '下单时填写抬头，100%电子发票。' });
      const found = (await api().get(`${base}/entries?q=${encodeURIComponent('100%电子')}`).set(as('viewer')).expect(200)).body as Body;
      expect(found.entries.map((e: Body) => e.title)).toEqual(['发票怎么开？']);
      const other = (await api().get(`${base}/entries`).set(as('viewer', b)).expect(200)).body as Body;
      expect(other.total).toBe(0);
    });

    it('answers 404 for another tenant, 403 for viewers, 400 for invalid bodies, 401 without a token', async () => {
      const id = (await createDraft()).entry.id as number;
      await api().get(`${base}/entries/${id}`).set(as('owner', b)).expect(404);
      await api().put(`${base}/entries/${id}`).set(as('owner', b)).send({ baseRevision: 1, title: 'x' }).expect(404);
      await api().post(`${base}/entries/${id}/revisions/1/publish`).set(as('owner', b)).expect(404);
      await api().delete(`${base}/entries/${id}`).set(as('owner', b)).expect(404);
      await api().post(`${base}/entries`).set(as('viewer')).send({ title: 'x', answer: 'y' }).expect(403);
      await api().put(`${base}/entries/${id}`).set(as('viewer')).send({ baseRevision: 1, title: 'x' }).expect(403);
      await api().post(`${base}/imports`).set(as('viewer')).send({ files: [{ name: 'a.txt', contentBase64: 'YQ==' }] }).expect(403);
      const invalid = await api().post(`${base}/entries`).set(as('agent')).send({ title: '', answer: 'y', bogus: 1 }).expect(400);
      expect(invalid.body.error.message).toContain('body.title');
      await api().put(`${base}/entries/${id}`).set(as('agent')).send({ title: 'no base revision' }).expect(400);
      await api().put(`${base}/entries/${id}`).set(as('agent')).send({ baseRevision: 1 }).expect(400);
      await api().get(`${base}/entries/${id}/diff?from=1`).set(as('viewer')).expect(400);
      await api().get(`${base}/entries/${id}/diff?from=1&to=9`).set(as('viewer')).expect(404);
      await api().post(`${base}/entries/${id}/revisions/9/publish`).set(as('admin')).expect(404);
      await api().post(`${base}/entries`).set(as('agent')).send({ slug: 'ship-time', title: 'dup', answer: 'dup' }).expect(409);
      await api().get(`${base}/entries`).expect(401);
    });

    it('deletes an entry with its history and relations, audited; admins only', async () => {
      const id = (await createDraft()).entry.id as number;
      await api().delete(`${base}/entries/${id}`).set(as('agent')).expect(403);
      await api().delete(`${base}/entries/${id}`).set(as('admin')).expect(200);
      await api().get(`${base}/entries/${id}`).set(as('viewer')).expect(404);
      expect(await AuditEntry.findOne({ where: { tenantId: a.tenantId, action: 'knowledge.deleted', targetId: String(id) } })).not.toBeNull();
    });
  });

  describe('relations', () => {
    it('creates, finds in both directions and deletes relations; checks both ends exist in the tenant', async () => {
      const product = await Product.create({ tenantId: a.tenantId, sku: 'AJ1', name: 'Nike Air Jordan 1 高帮篮球鞋', brand: 'Nike', category: 'shoes', aliases: ['AJ1', '乔1'], priceCents: 129900, stock: 5, specs: {}, description: null });
      const productB = await Product.create({ tenantId: b.tenantId, sku: 'X', name: 'B的商品', brand: null, category: null, aliases: [], priceCents: 1, stock: 1, specs: {}, description: null });
      const chart = (await createDraft({ title: 'AJ1 尺码表', answer: '40 = 250mm' })).entry.id as number;
      const created = (await api().post(`${base}/relations`).set(as('admin')).send({ fromType: 'entry', fromId: chart, toType: 'product', toId: product.id, kind: 'size_chart_for' }).expect(201)).body as Body;
      await api().post(`${base}/relations`).set(as('admin')).send({ fromType: 'entry', fromId: chart, toType: 'product', toId: product.id, kind: 'size_chart_for' }).expect(409);
      await api().post(`${base}/relations`).set(as('admin')).send({ fromType: 'entry', fromId: chart, toType: 'product', toId: productB.id, kind: 'size_chart_for' }).expect(404);
      await api().post(`${base}/relations`).set(as('agent')).send({ fromType: 'entry', fromId: chart, toType: 'product', toId: product.id, kind: 'replaces' }).expect(403);
      await api().post(`${base}/relations`).set(as('admin')).send({ fromType: 'entry', fromId: chart, toType: 'product', toId: product.id, kind: 'fits' }).expect(400);

      const fromProduct = (await api().get(`${base}/relations?type=product&id=${product.id}`).set(as('viewer')).expect(200)).body as Body;
      expect(fromProduct.related).toEqual([{ relationId: created.relation.id, kind: 'size_chart_for', direction: 'incoming', type: 'entry', id: chart }]);
      const fromEntry = (await api().get(`${base}/relations?type=entry&id=${chart}`).set(as('viewer')).expect(200)).body as Body;
      expect(fromEntry.related[0]).toMatchObject({ direction: 'outgoing', type: 'product', id: product.id });
      await api().delete(`${base}/relations/${created.relation.id}`).set(as('owner', b)).expect(404);
      await api().delete(`${base}/relations/${created.relation.id}`).set(as('admin')).expect(200);
      expect(((await api().get(`${base}/relations?type=product&id=${product.id}`).set(as('viewer')).expect(200)).body as Body).related).toEqual([]);
    });
  });

  describe('imports', () => {
    it('imports every format as a job with progress; a corrupt file fails alone', async () => {
      const file = (name: string, content: Buffer | string) => ({ name, contentBase64: Buffer.from(content).toString('base64') });
      const files = [
        file('faq.md', '# 物流\n\nQ: 付款后多久发货？\nA: 现货48小时内发货。\n\nQ: 可以发顺丰吗？\nA: 补差价10元可发顺丰。\n'),
        file('policy.html', '<html><body><h2>七天无理由退货</h2><p>签收7天内可申请退货，运费险赔付运费。</p><h2>发票</h2><p>下单时填写抬头即可开电子发票。</p></body></html>'),
        file('notes.txt', '问：会员积分怎么用？\n答：100积分抵1元，下单时勾选使用。'),
        file('guide.docx', await buildDocx([{ text: '售后保修', heading: true }, { text: '电动牙刷整机保修一年，人为损坏除外。' }])),
        file('shipping.pdf', buildPdf(['Q: How long does shipping take?', 'A: We ship within 48 hours of payment.'])),
        file('qa.xlsx', await buildXlsx({ 问答: [['问题', '答案', '相似问'], ['AJ1偏码吗？', '乔1正码，按平时尺码拍。', '乔1尺码准吗；AJ1要拍大一码吗'], ['支持花呗吗？', '支持花呗分期。', '']] })),
        file('facts.csv', '商品,材质,重量\n小米手环8,TPU表带,27g\n'),
        file('live.srt', '1\n00:00:01,000 --> 00:00:03,000\n大家好，今天讲发货\n\n2\n00:00:03,100 --> 00:00:05,000\n现货48小时内发出\n'),
        file('broken.docx', Buffer.from('this is not a zip at all')),
        file('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47])),
      ];
      const started = await api().post(`${base}/imports`).set(as('agent')).send({ files }).expect(202);
      const importId = (started.body as Body).importId as number;
      await api().get(`${base}/imports/${importId}`).set(as('viewer', b)).expect(404);
      const progress = await waitFor(
        async () => (await api().get(`${base}/imports/${importId}`).set(as('viewer')).expect(200)).body as Body,
        (p) => p.status === 'done',
      );
      expect(progress).toMatchObject({ total: 10, done: 10 });
      expect(progress.failed).toEqual([
        { file: 'broken.docx', error: expect.stringContaining('not a .docx') },
        { file: 'photo.png', error: expect.stringContaining('OCR') },
      ]);
      const entries = await KnowledgeEntry.findAll({ where: { tenantId: a.tenantId, id: progress.entryIds as number[] }, order: [['id', 'ASC']] });
      const titles = entries.map((e) => e.title);
      expect(titles).toEqual([
        '付款后多久发货？',
        '可以发顺丰吗？',
        '七天无理由退货',
        '发票',
        '会员积分怎么用？',
        '售后保修',
        'How long does shipping take?',
        'AJ1偏码吗？',
        '支持花呗吗？',
        '小米手环8 商品信息',
        'live',
      ]);
      const byTitle = (title: string) => entries.find((e) => e.title === title);
      expect(byTitle('live')?.answer).toBe('大家好，今天讲发货现货48小时内发出');
      expect(byTitle('小米手环8 商品信息')?.answer).toBe('材质：TPU表带\n重量：27g');
      expect(byTitle('AJ1偏码吗？')?.similarQuestions).toEqual(['乔1尺码准吗', 'AJ1要拍大一码吗']);
      expect(byTitle('发票')?.category).toBe('发票');
      expect(byTitle('付款后多久发货？')?.category).toBe('物流');
      expect(byTitle('付款后多久发货？')?.keywords).toContain('发货');
      // Imports by an agent are drafts: nothing new is served yet.
      expect(entries.every((e) => e.publishedRevision === null)).toBe(true);
      const served = (await loadIndexableEntries(a.tenantId)).map((e) => e.entryId);
      expect(served.some((id) => (progress.entryIds as number[]).includes(id))).toBe(false);
    });

    it('links products mentioned in imported entries and lets admins publish on import', async () => {
      const body = Buffer.from('问：乔1怎么清洗？\n答：用软毛刷蘸清水轻刷鞋面。').toString('base64');
      await api().post(`${base}/imports`).set(as('agent')).send({ files: [{ name: 'care.txt', contentBase64: body }], publish: true }).expect(403);
      const { importId } = (await api().post(`${base}/imports`).set(as('admin')).send({ files: [{ name: 'care.txt', contentBase64: body }], publish: true }).expect(202)).body as Body;
      const progress = await waitFor(async () => (await api().get(`${base}/imports/${importId}`).set(as('viewer')).expect(200)).body as Body, (p) => p.status === 'done');
      const [entryId] = progress.entryIds as number[];
      const detail = (await api().get(`${base}/entries/${entryId}`).set(as('viewer')).expect(200)).body as Body;
      const product = await Product.findOne({ where: { tenantId: a.tenantId, sku: 'AJ1' } });
      expect(detail.revisions[0]).toMatchObject({ status: 'published', productIds: [product?.id] });
      expect((await loadIndexableEntries(a.tenantId)).map((e) => e.entryId)).toContain(entryId);
    });

    it('validates the import body', async () => {
      await api().post(`${base}/imports`).set(as('agent')).send({ files: [] }).expect(400);
      await api().post(`${base}/imports`).set(as('agent')).send({ files: [{ name: 'a.txt', contentBase64: 'not base64!!' }] }).expect(400);
      await api().get(`${base}/imports/999999`).set(as('viewer')).expect(404);
    });
  });
}
