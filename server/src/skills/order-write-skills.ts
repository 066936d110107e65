import { proposeOrderChange } from './order-change-skill';
import { claimPriceProtection } from './price-protection-skill';
import { requestRefund } from './refund-skill';
import type { SkillContext, SkillReply } from './skill-context';
import { requestInvoice } from './store-questions-skill';

/**
 * The skills that write to an order, by intent: the dispatcher routes turns to them, and a right SMS
 * code resumes the held turn through the same table, so the two can never disagree.
 */
export const ORDER_WRITE_SKILLS: Record<string, (ctx: SkillContext) => Promise<SkillReply>> = {
  'order.change_address': (ctx) => proposeOrderChange(ctx, 'address_change'),
  'order.cancel': (ctx) => proposeOrderChange(ctx, 'cancel'),
  'order.modify': (ctx) => proposeOrderChange(ctx, 'modify'),
  'refund.request': (ctx) => requestRefund(ctx, 'refund'),
  'exchange.request': (ctx) => requestRefund(ctx, 'exchange'),
  price_protection: claimPriceProtection,
  'invoice.request': requestInvoice,
};
