import type { Card } from '@kefu/shared';

/** The parts of a composed reply this step reads and extends (kept structural so it stays pipeline-agnostic). */
export interface ReplyWithCards {
  text: string;
  cards: Card[];
  handoff?: boolean;
}

type QuickReply = { label: string; text: string };

// What a good human agent offers unasked, per implicit need. Each option is a message the shopper can
// send with one tap, so the offer leads straight into the intent that serves the need.
const OFFERS: Record<string, { lead: string; actions: QuickReply[]; skipFor: Set<string> }> = {
  urgent: {
    lead: '了解您比较着急，',
    actions: [{ label: '催发货/加急', text: '麻烦帮我催一下发货' }, { label: '查物流', text: '我的快递到哪了' }],
    skipFor: new Set(['shipping.expedite']),
  },
  discount_interest: {
    lead: '',
    actions: [{ label: '看看优惠', text: '现在有什么优惠券' }],
    skipFor: new Set(['promotion.inquiry']),
  },
  churn_risk: {
    lead: '非常抱歉没让您满意，',
    actions: [{ label: '转人工', text: '转人工' }],
    skipFor: new Set(['human.handoff']),
  },
};

/**
 * Acts on implicit needs (the NLU's `needs`) on top of whatever reply the policy chose: an urgent
 * shopper is offered expedite and tracking options, a bargain hunter the coupons, a shopper about to
 * leave for good an apology and a person. A hand-off reply already gives a person, so it is left as is,
 * and a need the reply already serves (urgency on an expedite request) adds nothing.
 */
export function answerImplicitNeeds<R extends ReplyWithCards>(reply: R, needs: readonly string[] | undefined, intent: string): R {
  if (!needs || needs.length === 0 || reply.handoff) return reply;
  let text = reply.text;
  const actions: QuickReply[] = [];
  for (const need of needs) {
    const offer = OFFERS[need];
    if (!offer || offer.skipFor.has(intent)) continue;
    if (offer.lead && !text.startsWith(offer.lead)) text = offer.lead + text;
    for (const action of offer.actions) if (!actions.some((a) => a.text === action.text)) actions.push(action);
  }
  if (actions.length === 0 && text === reply.text) return reply;
  const cards = actions.length > 0 ? [...reply.cards, { type: 'quick_replies' as const, title: '您可能需要', actions }] : reply.cards;
  return { ...reply, text, cards };
}
