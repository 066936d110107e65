import { SkillPendingAction } from '../commerce/action-models';
import type { SkillContext } from './skill-context';

const TTL_MS = 15 * 60 * 1000;

export type PendingKind = 'verify_order' | 'verify_code' | 'confirm_action' | 'choose_item';

/** Remembers the skill's open question in this conversation (one at a time; a new one replaces the old). */
export async function setPendingAction(ctx: SkillContext, kind: PendingKind, payload: Record<string, unknown>): Promise<void> {
  const where = { tenantId: ctx.tenantId, conversationId: ctx.conversation.id };
  const expiresAt = new Date(Date.now() + TTL_MS);
  const existing = await SkillPendingAction.findOne({ where });
  if (existing) await SkillPendingAction.update({ kind, payload, attempts: 0, expiresAt }, { where: { ...where, id: existing.id } });
  else await SkillPendingAction.create({ ...where, kind, payload, expiresAt });
}

/** The open question, if one is still fresh. */
export async function findPendingAction(ctx: SkillContext): Promise<SkillPendingAction | null> {
  const pending = await SkillPendingAction.findOne({ where: { tenantId: ctx.tenantId, conversationId: ctx.conversation.id } });
  if (!pending) return null;
  if (pending.expiresAt.getTime() < Date.now()) {
    await clearPendingAction(ctx);
    return null;
  }
  return pending;
}

export async function clearPendingAction(ctx: SkillContext): Promise<void> {
  await SkillPendingAction.destroy({ where: { tenantId: ctx.tenantId, conversationId: ctx.conversation.id } });
}
