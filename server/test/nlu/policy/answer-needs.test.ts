import { answerImplicitNeeds, type ReplyWithCards } from '../../../src/nlu/answer-needs';
import { TestShopper } from '../../support/shopper';
import { embeddedTestEnv, startTestKefu } from '../../support/start-test-kefu';
import type { RunningKefu } from '../../../src/boot';

const plain: ReplyWithCards = { text: '下单后48小时内发货。', cards: [] };

describe('answerImplicitNeeds', () => {
  it('offers expedite and tracking to an urgent shopper, after a word that shows it was heard', () => {
    const reply = answerImplicitNeeds(plain, ['urgent'], 'shipping.eta');
    expect(reply.text).toBe('了解您比较着急，下单后48小时内发货。');
    expect(reply.cards).toEqual([{ type: 'quick_replies', title: '您可能需要', actions: [{ label: '催发货/加急', text: '麻烦帮我催一下发货' }, { label: '查物流', text: '我的快递到哪了' }] }]);
  });

  it('offers coupons to a bargain hunter and a person to a shopper about to leave', () => {
    const reply = answerImplicitNeeds(plain, ['discount_interest', 'churn_risk'], 'product.stock');
    expect(reply.text.startsWith('非常抱歉没让您满意，')).toBe(true);
    expect(reply.cards[0].actions?.map((a) => a.text)).toEqual(['现在有什么优惠券', '转人工']);
  });

  it('adds nothing when the reply already serves the need, hands off, or there are no needs', () => {
    expect(answerImplicitNeeds(plain, ['urgent'], 'shipping.expedite')).toBe(plain);
    const handoff: ReplyWithCards = { text: '正在为您转接人工客服', cards: [], handoff: true };
    expect(answerImplicitNeeds(handoff, ['urgent', 'churn_risk'], 'order.track')).toBe(handoff);
    expect(answerImplicitNeeds(plain, [], 'order.track')).toBe(plain);
    expect(answerImplicitNeeds(plain, undefined, 'order.track')).toBe(plain);
    // dissatisfaction alone is handled by escalation (anger across turns), not by an extra offer
    expect(answerImplicitNeeds(plain, ['dissatisfied'], 'order.track')).toBe(plain);
  });

  it('keeps the cards the policy already chose', () => {
    const withCard: ReplyWithCards = { text: 'x', cards: [{ type: 'order', title: '订单' }] };
    const reply = answerImplicitNeeds(withCard, ['urgent'], 'order.track');
    expect(reply.cards[0]).toEqual({ type: 'order', title: '订单' });
    expect(reply.cards[1].type).toBe('quick_replies');
  });
});

describe('the pipeline acts on implicit needs', () => {
  let kefu: RunningKefu;
  beforeAll(async () => {
    kefu = await startTestKefu(embeddedTestEnv());
  }, 240_000);
  afterAll(async () => {
    await kefu?.stop();
  });

  it('an urgent shopper gets the expedite option with the answer; a calm one does not', async () => {
    const urgent = await new TestShopper(kefu.url).start();
    // Generous waits: the first message builds the tenant's engine, slow on a loaded machine.
    const reply = await urgent.replyAfter(await urgent.say('急用 下单后多久能发货'), 60_000);
    expect(reply.text).toContain('了解您比较着急');
    expect(JSON.stringify(reply.cards)).toContain('麻烦帮我催一下发货');

    const calm = await new TestShopper(kefu.url).start();
    const calmReply = await calm.replyAfter(await calm.say('下单后多久能发货'), 60_000);
    expect(calmReply.text).not.toContain('了解您比较着急');
    expect(JSON.stringify(calmReply.cards ?? [])).not.toContain('麻烦帮我催一下发货');
  }, 150_000);
});
