import Router from '@koa/router';
import { z } from 'zod';
import { authenticate } from '../../auth/authenticate';
import { requireRole } from '../../auth/require-role';
import { atLeast } from '../../auth/role-order';
import { principalOf, auditActor } from '../../http-kit/console-principal';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';
import type { Runtime } from '../../runtime';
import { FEEDBACK_RATINGS } from '../answer/answer-models';
import { feedbackChanged, knowledgeRetrieverFor } from '../answer/knowledge-for-runtime';
import { toEntryView, toRevisionView } from '../management/entry-views';
import { acceptSuggestion } from './accept-suggestion';
import { findAgentSuggestions } from './agent-suggestions';
import { EntryRewriter } from './entry-rewriter';
import { findFailingEntries } from './failing-entries';
import { findGaps } from './find-gaps';
import { proposeEntryRewrite } from './propose-entry-rewrite';
import { recordFeedback } from './record-feedback';

const windowQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const acceptBody = z.strictObject({
  id: z.string().regex(/^(gap|agent):\d+$/, 'a suggestion id such as gap:123 or agent:456'),
  title: z.string().trim().min(1).max(300).optional(),
  answer: z.string().trim().min(1).max(20_000).optional(),
  days: z.number().int().min(1).max(365).default(30),
});
const feedbackBody = z.strictObject({
  messageId: z.number().int().positive(),
  rating: z.enum(FEEDBACK_RATINGS),
  comment: z.string().trim().max(500).optional(),
});

const entryParams = z.object({ id: z.coerce.number().int().positive() });

const since = (days: number): Date => new Date(Date.now() - days * 24 * 3600 * 1000);

/**
 * The learning loop for the console under /api/console/knowledge: gap topics and agent-answer
 * suggestions (viewers read), accepting one into a draft and rating replies (agents and up).
 */
export function createLearningRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>({ prefix: '/api/console/knowledge' });
  const auth = authenticate(runtime);
  const canRead = requireRole(...atLeast('viewer'));
  const canEdit = requireRole(...atLeast('agent'));

  router.get('/gaps', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const query = parseInput(windowQuery, ctx.query, 'query');
    ctx.body = { topics: await findGaps(tenantId, since(query.days), query.limit) };
  });

  router.get('/suggestions', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const query = parseInput(windowQuery, ctx.query, 'query');
    const suggestions = await findAgentSuggestions(await knowledgeRetrieverFor(runtime), tenantId, since(query.days));
    ctx.body = { suggestions: suggestions.slice(0, query.limit) };
  });

  router.post('/suggestions/accept', auth, canEdit, async (ctx) => {
    const principal = principalOf(ctx);
    const body = parseInput(acceptBody, ctx.request.body, 'body');
    const retriever = await knowledgeRetrieverFor(runtime);
    const author = { userId: principal.kind === 'user' ? principal.id : null };
    const accepted = await runtime.db.sequelize.transaction(async (t) => {
      const result = await acceptSuggestion(retriever, principal.tenantId, since(body.days), body, author, t);
      await runtime.audit.record(
        { ...auditActor(principal), action: 'knowledge.suggestion_accepted', targetType: 'knowledge_entry', targetId: Number(result.entry.id), details: { suggestion: body.id, kind: result.kind, revision: result.revision.revision } },
        t,
      );
      return result;
    });
    ctx.status = 201;
    ctx.body = { kind: accepted.kind, entry: toEntryView(accepted.entry), revision: toRevisionView(accepted.revision) };
  });

  router.post('/feedback', auth, canEdit, async (ctx) => {
    const principal = principalOf(ctx);
    const body = parseInput(feedbackBody, ctx.request.body, 'body');
    const feedback = await recordFeedback({ tenantId: principal.tenantId, messageId: body.messageId, rater: `${principal.kind}:${principal.id}`, rating: body.rating, comment: body.comment });
    await feedbackChanged(runtime, principal.tenantId);
    ctx.status = 201;
    ctx.body = { messageId: Number(feedback.messageId), rating: feedback.rating };
  });

  // Entries that keep failing (👎, handed off), with counts and the questions they failed.
  router.get('/failing-entries', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    ctx.body = { entries: await findFailingEntries(tenantId) };
  });

  // The configured model's proposed wording for a failing entry, saved as a draft revision for review.
  router.post('/failing-entries/:id/rewrite', auth, canEdit, async (ctx) => {
    const principal = principalOf(ctx);
    const { id } = parseInput(entryParams, ctx.params, 'params');
    const { LLM_BASE_URL, LLM_API_KEY, LLM_MODEL } = runtime.config;
    const rewriter = LLM_BASE_URL && LLM_API_KEY ? new EntryRewriter({ baseUrl: LLM_BASE_URL, apiKey: LLM_API_KEY, model: LLM_MODEL, logger: runtime.logger }) : null;
    const author = { userId: principal.kind === 'user' ? principal.id : null };
    const { failing, revision } = await proposeEntryRewrite({ sequelize: runtime.db.sequelize, audit: runtime.audit, rewriter, actor: auditActor(principal), author }, principal.tenantId, id);
    ctx.status = 201;
    ctx.body = { entry: failing, revision: toRevisionView(revision) };
  });

  return router;
}
