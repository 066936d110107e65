import { CommerceRequest } from '../commerce/action-models';
import { ConnectorUnavailableError } from '../commerce/connectors/resilient-call';
import type { ReplyContext } from '../dialogue/reply-types';
import type { Runtime } from '../runtime';
import { answerPendingQuestion } from './answer-pending';
import { recommendProducts } from './guided-ordering-skill';
import { isPolicyQuestion } from '../nlu/dialogue/request-words';
import { expediteOrder } from './expedite-skill';
import { answerProductFacts } from './product-facts-skill';
import { withRoutedIntent } from './route-skill-intent';
import { ORDER_WRITE_SKILLS } from './order-write-skills';
import { replyOrderStatus } from './order-status-skill';
import { answerCoupons, answerStock } from './store-questions-skill';
import { buildSkillContext, orderNoSlot, type SkillContext, type SkillReply } from './skill-context';

type Skill = (ctx: SkillContext) => Promise<SkillReply | null>;

/** Intents the commerce skills act on. Others (knowledge, handoff, greeting) stay with the policy. */
const SKILLS: Record<string, Skill> = {
  ...ORDER_WRITE_SKILLS,
  'order.track': (ctx) => replyOrderStatus(ctx),
  'logistics.exception': (ctx) => replyOrderStatus(ctx),
  'shipping.expedite': expediteOrder,
  'refund.status': (ctx) => replyOrderStatus(ctx),
  'product.recommend': recommendProducts,
  'product.compatibility': recommendProducts,
  // No product named but a kind of product ("有快充头吗"): what the shop has of that kind.
  'product.stock': async (ctx) => (await answerStock(ctx)) ?? recommendProducts(ctx),
  'product.spec': async (ctx) => (ctx.understanding.slots.product === undefined ? recommendProducts(ctx) : null),
  'promotion.inquiry': answerCoupons,
};

/** Intents that write to the order system: only an explicit request acts, a question about the policy does not. */
const REQUEST_INTENTS = new Set(['refund.request', 'exchange.request', 'price_protection', 'invoice.request']);

/** Intents under which "有啥颜色 / 价格呢 / 偏大吗" about a product is answered from its catalog facts first. */
const PRODUCT_FACT_INTENTS = new Set(['product.stock', 'product.spec', 'product.size_advice', 'product.compatibility', 'product.recommend', 'promotion.inquiry', 'out_of_scope']);

/** Turns where the shopper asks for a person or is angry: the policy's handoff wins over any skill. */
const ESCALATIONS = new Set(['human.handoff', 'complaint']);

/**
 * The dialogue policy's entry to the commerce skills: an open skill question first, then the skill
 * for the intent (an order message's strong words may redirect a generic order intent, see
 * route-skill-intent). Null: no skill applies and the policy continues as before.
 */
export async function dispatchSkills(turn: ReplyContext, runtime: Runtime | undefined): Promise<SkillReply | null> {
  if (!runtime) return null;
  const ctx = withRoutedIntent(turn);
  const skill = await buildSkillContext(ctx, runtime);
  const replayed = await replayedNotice(skill);
  if (replayed) return replayed;
  const answered = await answerPendingQuestion(skill);
  if (answered) return answered;
  if (ESCALATIONS.has(ctx.understanding.intent) || ctx.understanding.needs?.includes('escalate')) return null;
  if (ctx.understanding.confirmation) return null;
  const run = SKILLS[ctx.understanding.intent];
  const asksProductFact = PRODUCT_FACT_INTENTS.has(ctx.understanding.intent) && ctx.understanding.reading?.attribute !== undefined && !ctx.understanding.reading.order.refersToOrder;
  if (!run && !asksProductFact) return null;
  // "能补差价吗" asks the policy; the same words about an order named in the turn ask for the claim,
  // which only benefits the shopper. A refund or invoice question never files anything by itself.
  const namesOrder = orderNoSlot(ctx) !== undefined && !ctx.understanding.carried?.includes('order_id');
  const claimable = namesOrder && ctx.understanding.intent === 'price_protection';
  if (REQUEST_INTENTS.has(ctx.understanding.intent) && !claimable && isPolicyQuestion(ctx.understanding.normalized ?? ctx.text)) return null;
  try {
    const facts = asksProductFact ? await answerProductFacts(skill) : null;
    if (facts || !run) return facts;
    return await run(skill);
  } catch (error) {
    // A skill without its own deferral: say honestly that the system is slow, never guess an answer.
    if (!(error instanceof ConnectorUnavailableError)) throw error;
    runtime.logger.warn({ tenantId: ctx.tenantId, system: error.system, reason: error.reason }, 'commerce skill could not reach its system');
    return { text: '抱歉，订单系统暂时响应较慢，请稍后再问我一次，或回复「转人工」由客服为您处理。', cards: [], action: 'lookup_pending' };
  }
}

/**
 * A retried pipeline run of a message whose order request already finished: the stored notice is
 * the answer, and the order system is not called again.
 */
async function replayedNotice(ctx: SkillContext): Promise<SkillReply | null> {
  if (ctx.messageId === undefined) return null;
  const row = await CommerceRequest.findOne({ where: { tenantId: ctx.tenantId, replyToMessageId: ctx.messageId } });
  if (!row?.noticeText || row.status === 'pending') return null;
  return { text: row.noticeText, cards: [], action: row.status === 'done' ? 'order_action' : 'order_action_refused' };
}
