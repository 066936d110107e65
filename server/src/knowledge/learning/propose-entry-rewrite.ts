import { ConflictError, NotFoundError, UpstreamError } from '@kefu/shared';
import type { Sequelize } from 'sequelize';
import type { AuditInput, AuditLog } from '../../auth/audit-log';
import { KnowledgeEntry, type KnowledgeRevision } from '../models';
import type { RevisionAuthor } from '../management/revision-content';
import { reviseEntry } from '../management/revision-workflow';
import type { EntryRewriter } from './entry-rewriter';
import { findFailingEntries, type FailingEntry } from './failing-entries';

export interface RewriteContext {
  sequelize: Sequelize;
  audit: AuditLog;
  /** Null when no model is configured: nothing can propose wording. */
  rewriter: EntryRewriter | null;
  actor: Pick<AuditInput, 'tenantId' | 'actorType' | 'actorId'>;
  author: RevisionAuthor;
}

/**
 * For an entry flagged as failing: the model's proposed wording, from the served entry and the
 * questions it failed, stored as a draft revision of the entry. The draft goes through the usual
 * review (diff against the published revision, submit, publish); nothing changes for shoppers
 * until a person publishes it.
 */
export async function proposeEntryRewrite(ctx: RewriteContext, tenantId: number, entryId: number): Promise<{ failing: FailingEntry; revision: KnowledgeRevision }> {
  if (!ctx.rewriter) throw new ConflictError('no model is configured (LLM_BASE_URL and LLM_API_KEY): rewrite the entry by hand');
  const failing = (await findFailingEntries(tenantId)).find((e) => e.entryId === entryId);
  if (!failing) throw new NotFoundError(`entry ${entryId} is not flagged as failing`);
  const entry = await KnowledgeEntry.findOne({ where: { tenantId, id: entryId }, attributes: ['id', 'title', 'answer', 'latestRevision'] });
  if (!entry) throw new NotFoundError(`entry ${entryId} not found`);
  // The model is asked outside any transaction: it may take seconds. An edit meanwhile makes the save below 409.
  const proposal = await ctx.rewriter.propose({ title: entry.title, answer: entry.answer, failingQuestions: failing.exampleQuestions });
  if (!proposal) throw new UpstreamError('the model gave no usable rewrite; try again later');
  const note = `proposed rewrite from feedback: ${failing.down} 👎, ${failing.handedOff} handed off, usefulness ${failing.usefulness.toFixed(2)}`;
  const revision = await ctx.sequelize.transaction(async (t) => {
    const created = await reviseEntry(tenantId, entryId, entry.latestRevision, proposal, ctx.author, note, t);
    await ctx.audit.record({ ...ctx.actor, action: 'knowledge.rewrite_proposed', targetType: 'knowledge_entry', targetId: entryId, details: { revision: created.revision, usefulness: failing.usefulness } }, t);
    return created;
  });
  return { failing, revision };
}
