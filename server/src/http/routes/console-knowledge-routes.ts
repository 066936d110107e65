import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import type { Transaction } from 'sequelize';
import { z } from 'zod';
import { authenticate } from '../../auth/authenticate';
import { requireRole } from '../../auth/require-role';
import { atLeast } from '../../auth/role-order';
import { IMPORT_LIMITS } from '../../knowledge/import/import-limits';
import { getImportProgress } from '../../knowledge/import/import-progress';
import { startImport } from '../../knowledge/import/start-import';
import { knowledgeChanged } from '../../knowledge/answer/knowledge-for-runtime';
import { usefulnessOfEntry } from '../../knowledge/learning/failing-entries';
import { createEntry } from '../../knowledge/management/create-entry';
import { diffRevisions } from '../../knowledge/management/diff-revisions';
import { deleteEntry, getEntryWithRevisions, listEntries } from '../../knowledge/management/entry-queries';
import { toEntryView, toRevisionView } from '../../knowledge/management/entry-views';
import { createRelation, deleteRelation, relatedTo } from '../../knowledge/management/relations';
import { revisionChangesSchema, revisionContentSchema } from '../../knowledge/management/revision-content';
import { archiveRevision, publishRevision, reviseEntry, rollbackEntry, submitRevision } from '../../knowledge/management/revision-workflow';
import { RELATION_KINDS, RELATION_NODE_TYPES } from '../../knowledge/models';
import type { Runtime } from '../../runtime';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';
import { auditActor, principalOf } from '../../http-kit/console-principal';

const id = z.coerce.number().int().positive();
const entryParams = z.object({ id });
const revisionParams = z.object({ id, revision: id });
const listQuery = z.object({
  q: z.string().trim().min(1).max(100).optional(),
  category: z.string().trim().min(1).max(32).optional(),
  state: z.enum(['published', 'unpublished']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const createBody = revisionContentSchema.extend({
  slug: z.string().trim().regex(/^[\w.-]+$/, 'letters, digits, "_", "-" and "." only').min(1).max(100).optional(),
  note: z.string().trim().max(500).optional(),
});
const updateBody = revisionChangesSchema
  .extend({ baseRevision: z.number().int().min(0), note: z.string().trim().max(500).optional() })
  .refine((body) => Object.keys(body).some((k) => k !== 'baseRevision' && k !== 'note'), 'change at least one field');
const rollbackBody = z.strictObject({ toRevision: z.number().int().positive() });
const diffQuery = z.object({ from: id, to: id });
const relationBody = z.strictObject({
  fromType: z.enum(RELATION_NODE_TYPES),
  fromId: z.number().int().positive(),
  toType: z.enum(RELATION_NODE_TYPES),
  toId: z.number().int().positive(),
  kind: z.enum(RELATION_KINDS),
});
const relatedQuery = z.object({ type: z.enum(RELATION_NODE_TYPES), id });
const importBody = z.strictObject({
  files: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1).max(255),
        // The per-file size is checked after decoding, so one big file fails alone instead of the batch.
        contentBase64: z.base64(),
      }),
    )
    .min(1)
    .max(IMPORT_LIMITS.maxFiles),
  /** Publish imported entries at once instead of leaving drafts; admins and owners only. */
  publish: z.boolean().default(false),
});

/**
 * Knowledge management under /api/console/knowledge: entries with revision history and a review
 * workflow, relations, and file imports. Viewers read; agents draft, edit, submit and import; admins
 * and owners publish, archive, roll back, delete and manage relations. Everything is tenant-scoped:
 * another tenant's ids answer 404 like missing ones.
 */
export function createKnowledgeRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/console/knowledge' });
  // Any successful change (publish, rollback, archive, delete, import...) makes the next answer in
  // this process re-check the served set now; other processes notice within a second by themselves.
  router.use(async (ctx, next) => {
    await next();
    const principal = ctx.state.principal;
    if (ctx.method !== 'GET' && ctx.status < 400 && principal) await knowledgeChanged(runtime, principal.tenantId);
  });
  const auth = authenticate(runtime);
  const canRead = requireRole(...atLeast('viewer'));
  const canEdit = requireRole(...atLeast('agent'));
  const canPublish = requireRole(...atLeast('admin'));
  const inTransaction = <T>(work: (transaction: Transaction) => Promise<T>) => runtime.db.sequelize.transaction(work);
  const authorOf = (ctx: ParameterizedContext<KefuState>) => {
    const principal = principalOf(ctx);
    return { userId: principal.kind === 'user' ? principal.id : null };
  };

  router.get('/entries', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const query = parseInput(listQuery, ctx.query, 'query');
    const { total, entries } = await listEntries(tenantId, query);
    ctx.body = { total, entries: entries.map(toEntryView) };
  });

  router.post('/entries', auth, canEdit, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const { slug, note, ...content } = parseInput(createBody, ctx.request.body, 'body');
    const { entry, revision } = await inTransaction((t) => createEntry(tenantId, content, { slug, note, author: authorOf(ctx) }, t));
    ctx.status = 201;
    ctx.body = { entry: toEntryView(entry), revision: toRevisionView(revision) };
  });

  router.get('/entries/:id', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const params = parseInput(entryParams, ctx.params, 'params');
    const { entry, revisions } = await getEntryWithRevisions(runtime.db.sequelize, tenantId, params.id);
    // How its answers fared (👍/👎, handed off) and whether it is flagged for rewriting.
    ctx.body = { entry: toEntryView(entry), revisions: revisions.map(toRevisionView), usefulness: await usefulnessOfEntry(tenantId, params.id) };
  });

  router.put('/entries/:id', auth, canEdit, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const params = parseInput(entryParams, ctx.params, 'params');
    const { baseRevision, note, ...changes } = parseInput(updateBody, ctx.request.body, 'body');
    const revision = await inTransaction((t) => reviseEntry(tenantId, params.id, baseRevision, changes, authorOf(ctx), note ?? null, t));
    ctx.status = 201;
    ctx.body = { revision: toRevisionView(revision) };
  });

  router.delete('/entries/:id', auth, canPublish, async (ctx) => {
    const principal = principalOf(ctx);
    const params = parseInput(entryParams, ctx.params, 'params');
    const entry = await inTransaction(async (t) => {
      const deleted = await deleteEntry(principal.tenantId, params.id, t);
      await runtime.audit.record({ ...auditActor(principal), action: 'knowledge.deleted', targetType: 'knowledge_entry', targetId: params.id, details: { slug: deleted.slug, title: deleted.title } }, t);
      return deleted;
    });
    ctx.body = { id: Number(entry.id), deleted: true };
  });

  router.post('/entries/:id/revisions/:revision/submit', auth, canEdit, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const params = parseInput(revisionParams, ctx.params, 'params');
    const revision = await inTransaction((t) => submitRevision(tenantId, params.id, params.revision, t));
    ctx.body = { revision: toRevisionView(revision) };
  });

  router.post('/entries/:id/revisions/:revision/publish', auth, canPublish, async (ctx) => {
    const principal = principalOf(ctx);
    const params = parseInput(revisionParams, ctx.params, 'params');
    const { entry, revision } = await inTransaction(async (t) => {
      const published = await publishRevision(principal.tenantId, params.id, params.revision, t);
      await runtime.audit.record({ ...auditActor(principal), action: 'knowledge.published', targetType: 'knowledge_entry', targetId: params.id, details: { revision: params.revision, version: published.entry.version } }, t);
      return published;
    });
    ctx.body = { entry: toEntryView(entry), revision: toRevisionView(revision) };
  });

  router.post('/entries/:id/revisions/:revision/archive', auth, canPublish, async (ctx) => {
    const principal = principalOf(ctx);
    const params = parseInput(revisionParams, ctx.params, 'params');
    const { entry, revision } = await inTransaction(async (t) => {
      const archived = await archiveRevision(principal.tenantId, params.id, params.revision, t);
      await runtime.audit.record({ ...auditActor(principal), action: 'knowledge.archived', targetType: 'knowledge_entry', targetId: params.id, details: { revision: params.revision } }, t);
      return archived;
    });
    ctx.body = { entry: toEntryView(entry), revision: toRevisionView(revision) };
  });

  router.post('/entries/:id/rollback', auth, canPublish, async (ctx) => {
    const principal = principalOf(ctx);
    const params = parseInput(entryParams, ctx.params, 'params');
    const body = parseInput(rollbackBody, ctx.request.body, 'body');
    const { entry, revision } = await inTransaction(async (t) => {
      const rolledBack = await rollbackEntry(principal.tenantId, params.id, body.toRevision, authorOf(ctx), t);
      await runtime.audit.record(
        { ...auditActor(principal), action: 'knowledge.rolled_back', targetType: 'knowledge_entry', targetId: params.id, details: { toRevision: body.toRevision, newRevision: rolledBack.revision.revision } },
        t,
      );
      return rolledBack;
    });
    ctx.status = 201;
    ctx.body = { entry: toEntryView(entry), revision: toRevisionView(revision) };
  });

  router.get('/entries/:id/diff', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const params = parseInput(entryParams, ctx.params, 'params');
    const query = parseInput(diffQuery, ctx.query, 'query');
    ctx.body = await diffRevisions(tenantId, params.id, query.from, query.to);
  });

  router.get('/relations', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const query = parseInput(relatedQuery, ctx.query, 'query');
    ctx.body = { related: await relatedTo(tenantId, query.type, query.id) };
  });

  router.post('/relations', auth, canPublish, async (ctx) => {
    const principal = principalOf(ctx);
    const body = parseInput(relationBody, ctx.request.body, 'body');
    const relation = await createRelation(principal.tenantId, body);
    ctx.status = 201;
    ctx.body = { relation: { id: Number(relation.id), ...body } };
  });

  router.delete('/relations/:id', auth, canPublish, async (ctx) => {
    const principal = principalOf(ctx);
    const params = parseInput(entryParams, ctx.params, 'params');
    const relation = await deleteRelation(principal.tenantId, params.id);
    await runtime.audit.record({ ...auditActor(principal), action: 'knowledge.relation_deleted', targetType: 'knowledge_relation', targetId: params.id, details: { kind: relation.kind } });
    ctx.body = { id: params.id, deleted: true };
  });

  router.post('/imports', auth, canEdit, async (ctx) => {
    const principal = principalOf(ctx);
    const body = parseInput(importBody, ctx.request.body, 'body');
    // Publishing on import skips review, so it takes the publisher's role.
    if (body.publish) await canPublish(ctx, async () => undefined);
    const batch = await startImport(runtime, principal.tenantId, body.files, { userId: authorOf(ctx).userId, publish: body.publish });
    ctx.status = 202;
    ctx.body = { importId: Number(batch.id) };
  });

  router.get('/imports/:id', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const params = parseInput(entryParams, ctx.params, 'params');
    ctx.body = await getImportProgress(tenantId, params.id);
  });

  return router;
}
