import { Op } from 'sequelize';
import type { AuditLog } from '../auth/audit-log';
import { AuditEntry } from '../auth/models';
import { Conversation, Message } from '../conversations/models';
import { retryOnConflict } from '../db/retry-on-conflict';
import { ProactiveOptOut } from './models';

/** What a shopper says to stop proactive messages (the SQL prefilter; OPT_OUT_PATTERN decides). */
const OPT_OUT_PHRASES = ['退订', '不要再发', '别再发', '不要再给我发'];
/** …but 退订单 is "return the order" and 不要再发货 is "stop the shipment", not an opt-out. */
const OPT_OUT_PATTERN = /退订(?!单)|不要再(给我)?发(?!货)|别再发(?!货)/;

export function isOptOutRequest(text: string): boolean {
  return OPT_OUT_PATTERN.test(text);
}

/**
 * True when the shopper opted out: by the console flag, or by having told us so in any of their
 * conversations (recorded as an opt-out the first time it is seen, so the console shows it).
 */
export async function hasOptedOut(tenantId: number, customerId: number, audit: AuditLog): Promise<boolean> {
  if (await ProactiveOptOut.findOne({ where: { tenantId, customerId } })) return true;
  const conversations = await Conversation.findAll({ where: { tenantId, customerId }, attributes: ['id'] });
  if (conversations.length === 0) return false;
  // An agent re-enabling messages in the console overrides what the shopper said before that.
  const optedIn = await AuditEntry.findOne({ where: { tenantId, action: 'proactive.opted_in', targetType: 'customer', targetId: String(customerId) }, order: [['id', 'DESC']] });
  const candidates = await Message.findAll({
    where: {
      tenantId,
      conversationId: { [Op.in]: conversations.map((c) => c.id) },
      role: 'shopper',
      ...(optedIn ? { createdAt: { [Op.gt]: optedIn.createdAt } } : {}),
      [Op.or]: OPT_OUT_PHRASES.map((phrase) => ({ text: { [Op.like]: `%${phrase}%` } })),
    },
    attributes: ['id', 'text'],
    order: [['id', 'ASC']],
    limit: 50,
  });
  const said = candidates.find((message) => isOptOutRequest(message.text));
  if (!said) return false;
  await setOptOut(tenantId, customerId, true, 'shopper', audit, { actorType: 'shopper', actorId: customerId, messageId: said.id });
  return true;
}

export async function setOptOut(
  tenantId: number,
  customerId: number,
  optedOut: boolean,
  source: 'shopper' | 'console',
  audit: AuditLog,
  actor: { actorType: 'user' | 'api_key' | 'shopper' | 'system'; actorId: number | string | null; messageId?: number },
): Promise<void> {
  if (optedOut) {
    const created = await retryOnConflict(async () => {
      if (await ProactiveOptOut.findOne({ where: { tenantId, customerId } })) return false;
      await ProactiveOptOut.create({ tenantId, customerId, source });
      return true;
    });
    if (!created) return;
  } else {
    const removed = await ProactiveOptOut.destroy({ where: { tenantId, customerId } });
    if (removed === 0) return;
  }
  await audit.record({
    tenantId,
    actorType: actor.actorType,
    actorId: actor.actorId,
    action: optedOut ? 'proactive.opted_out' : 'proactive.opted_in',
    targetType: 'customer',
    targetId: customerId,
    details: { source, messageId: actor.messageId ?? null },
  });
}
