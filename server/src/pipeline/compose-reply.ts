import { buildOrderCard, findCustomerOrderByNo, findLatestOrderForCustomer, listLogisticsEvents, orderStatusLabel } from '../commerce/order-service';
import { answerWithModel } from '../knowledge/answer/answer-with-model';
import { groundedAnswererFor } from '../knowledge/answer/knowledge-for-runtime';
import type { ComposedReply, ReplyContext } from '../dialogue/reply-types';
import { dispatchSkills } from '../skills/dispatch-skills';
import { replyToOptOut } from '../automation/opt-out-reply';

const ORDER_INTENTS = new Set(['order.track', 'logistics.exception', 'order.cancel', 'order.change_address', 'order.modify', 'refund.status']);

/**
 * Decide and act, first version: order questions get the shopper's own order; a wish for a person
 * hands off; everything else is answered from the knowledge base or falls back to an honest
 * "I don't know" with a handoff offer. Order details are disclosed only to a verified owner.
 */
export async function composeReply(ctx: ReplyContext): Promise<ComposedReply> {
  const { intent, slots, confirmation } = ctx.understanding;
  // Commerce skills (server/src/skills) act on orders, stock, coupons…; null means none applies.
  const skillReply = await dispatchSkills(ctx, ctx.runtime);
  if (skillReply) return skillReply;
  // 退订 / 不要再发: stop proactive messages (server/src/automation) and say so.
  const optOut = await replyToOptOut(ctx.runtime, { tenantId: ctx.tenantId, customerId: ctx.customerId, text: ctx.text, messageId: ctx.messageId });
  if (optOut) return optOut;
  if (confirmation?.of === 'human.handoff') {
    return confirmation.answer === 'yes'
      ? { text: '好的，正在为您转接人工客服，请稍候。', cards: [], action: 'handoff', handoff: true }
      : { text: '好的，还有什么可以帮您？', cards: [], action: 'greeting' };
  }
  // Anger rising across turns goes to a person even when the words are a request.
  if (intent === 'human.handoff' || intent === 'complaint' || ctx.understanding.needs?.includes('escalate')) {
    return {
      text: intent !== 'human.handoff' ? '非常抱歉给您带来不好的体验，已为您转接人工客服，请稍候。' : '好的，正在为您转接人工客服，请稍候。',
      cards: [],
      action: 'handoff',
      handoff: true,
    };
  }
  if (intent === 'greeting') {
    return {
      text: '您好，我是店铺智能客服，可以帮您查订单物流、解答售前售后问题，请问有什么可以帮您？',
      cards: [{ type: 'quick_replies', title: '常见问题', actions: [{ label: '查物流', text: '我的快递到哪了' }, { label: '退换货', text: '怎么退货' }, { label: '转人工', text: '转人工' }] }],
      action: 'greeting',
    };
  }
  if (ORDER_INTENTS.has(intent) || slots.order_id) {
    const orderReply = await replyAboutOrder(ctx);
    if (orderReply) return orderReply;
  }
  // Below the confidence threshold the knowledge step declines and the handoff offer below is made.
  // With LLM_BASE_URL configured a model answers from the top entries, citing them, or declines.
  const knowledge = await answerWithModel(ctx.knowledge, groundedAnswererFor(ctx.runtime), { tenantId: ctx.tenantId, question: ctx.understanding.question ?? ctx.text, slots });
  if (knowledge.outcome === 'answered' && knowledge.text) return { text: knowledge.text, cards: [], action: 'knowledge_answer', knowledgeSlug: knowledge.slug, knowledge };
  return {
    knowledge,
    text: '抱歉，这个问题我暂时没能理解。需要为您转接人工客服吗？',
    cards: [{ type: 'quick_replies', title: '您可以', actions: [{ label: '转人工', text: '是的' }, { label: '不用了', text: '不用了' }] }],
    action: 'fallback',
    asks: 'human.handoff',
  };
}

async function replyAboutOrder(ctx: ReplyContext): Promise<ComposedReply | null> {
  if (!ctx.customerVerified) {
    return { text: '为保护您的隐私，请先登录店铺账号后再查询订单信息。', cards: [], action: 'ask_verification' };
  }
  const orderNo = typeof ctx.understanding.slots.order_id === 'string' ? ctx.understanding.slots.order_id : undefined;
  const order = orderNo
    ? await findCustomerOrderByNo(ctx.tenantId, ctx.customerId, orderNo)
    : await findLatestOrderForCustomer(ctx.tenantId, ctx.customerId, ['order.track', 'logistics.exception', 'shipping.expedite'].includes(ctx.understanding.intent));
  if (!order) {
    return {
      text: orderNo ? `在您的账号下没有找到订单 ${orderNo}，请核对订单号。` : '您的账号下暂时没有订单记录。',
      cards: [],
      action: 'order_not_found',
    };
  }
  const events = await listLogisticsEvents(ctx.tenantId, order.id);
  const latest = events[0];
  const text = latest
    ? `您的订单 ${order.orderNo} 当前状态：${orderStatusLabel(order.status)}。最新物流：${latest.description}`
    : `您的订单 ${order.orderNo} 当前状态：${orderStatusLabel(order.status)}。`;
  return { text, cards: [buildOrderCard(order, events)], action: 'order_status' };
}
