import { IntentClassifier } from '../../../src/nlu/intent/intent-classifier';
import { buildTrainingCorpus } from '../../../src/nlu/intent/training-corpus';

// Fresh phrasings written for these tests (not from the corpus templates verbatim, not from the dev set).
const CLEAR_CASES: [string, string][] = [
  ['那条灯芯绒裤子M码还有货没', 'product.stock'],
  ['这个保温杯是304不锈钢的吗', 'product.spec'],
  ['你们卖的是不是正品啊', 'product.authenticity'],
  ['我168 120斤 这件选M还是L', 'product.size_advice'],
  ['这个手机壳iPhone14能用吗', 'product.compatibility'],
  ['送我妈的生日礼物有啥推荐', 'product.recommend'],
  ['现在下单有优惠券吗', 'promotion.inquiry'],
  ['下单后一般几天发货', 'shipping.eta'],
  ['麻烦帮我催一下发货 急用', 'shipping.expedite'],
  ['你们发什么快递 能发顺丰吗', 'shipping.courier'],
  ['我的快递到哪了 三天前买的', 'order.track'],
  ['收货地址写错了 要改一下', 'order.change_address'],
  ['拍错了 帮我取消订单', 'order.cancel'],
  ['还没发货的话帮我把颜色改成白色', 'order.modify'],
  ['付款的时候一直显示支付失败', 'payment.issue'],
  ['可以开电子发票吗', 'invoice.request'],
  ['我要退货 不想要了', 'refund.request'],
  ['退款怎么还没到账', 'refund.status'],
  ['鞋子小了 能换大一码吗', 'exchange.request'],
  ['刚买就降价了 能退差价吗', 'price_protection'],
  ['收到的杯子是碎的', 'quality.complaint'],
  ['物流好几天没更新了', 'logistics.exception'],
  ['你们客服态度太差了 我要投诉', 'complaint'],
  ['会员积分怎么兑换', 'membership'],
  ['转人工', 'human.handoff'],
  ['你好 在吗', 'greeting'],
  ['好的 谢谢啦', 'thanks_bye'],
  ['是的', 'affirm'],
  ['不用了', 'deny'],
  ['今天天气怎么样', 'out_of_scope'],
];

describe('IntentClassifier', () => {
  let classifier: IntentClassifier;

  beforeAll(() => {
    classifier = IntentClassifier.train(buildTrainingCorpus());
  });

  it('classifies clear turns of every intent group (≥90%, and every group mostly right)', () => {
    const misses = CLEAR_CASES.filter(([text, intent]) => classifier.predict(text).intent !== intent);
    expect(misses.length).toBeLessThanOrEqual(3);
  });

  it.each([
    ['E2026112099887 到哪了', 'order.track'],
    ['急用 今天能加急发出吗', 'shipping.expedite'],
    ['一般多久能到', 'shipping.eta'],
    ['没发货前把尺码改成XL', 'order.modify'],
    ['收到就是坏的 给我退款', 'refund.request'],
    ['收到就是坏的', 'quality.complaint'],
    ['快递三天了还没到 急死了 到底到哪了', 'order.track'],
  ])('follows the contract tie-break for %s', (text, intent) => {
    expect(classifier.predict(text).intent).toBe(intent);
  });

  it('handles traditional characters and pinyin typing', () => {
    expect(classifier.predict('退款進度怎麼樣').intent).toBe('refund.status');
    expect(classifier.predict('zhuan rengong').intent).toBe('human.handoff');
  });

  it('sends off-topic and unrecognisable turns to out_of_scope', () => {
    expect(classifier.predict('给我讲个笑话吧').intent).toBe('out_of_scope');
    expect(classifier.predict('xqzv kkpw jjrt').intent).toBe('out_of_scope');
    expect(classifier.predict('🙂🙂🙂').intent).toBe('out_of_scope');
  });

  it('returns calibrated confidences in [0,1] with a full ranking that sums to 1', () => {
    const p = classifier.predict('我要退货');
    expect(p.confidence).toBeGreaterThan(0);
    expect(p.confidence).toBeLessThanOrEqual(1);
    expect(p.ranking).toHaveLength(classifier.intents.length);
    expect(p.ranking.reduce((s, r) => s + r.score, 0)).toBeCloseTo(1, 5);
    expect(classifier.temperature).toBeGreaterThan(0);
  });

  it('is less sure of gibberish than of a clear request', () => {
    const clear = classifier.predict('帮我查下物流到哪了').ranking[0].score;
    const gibberish = classifier.predict('阿巴阿巴咕噜').ranking[0].score;
    expect(gibberish).toBeLessThan(clear);
  });

  it('never crashes on hostile input', () => {
    const inputs = ['', '   ', '😀😀😀', '<script>alert(1)</script>', 'x'.repeat(10000), '退'.repeat(10000), '\u0000\u0001', 'DROP TABLE orders;--'];
    for (const input of inputs) {
      const p = classifier.predict(input);
      expect(typeof p.intent).toBe('string');
      expect(p.confidence).toBeGreaterThanOrEqual(0);
      expect(p.confidence).toBeLessThanOrEqual(1);
    }
    expect(classifier.predict('').intent).toBe('out_of_scope');
  });

});

describe('IntentClassifier with merchant intents', () => {
  it('serves a tenant intent trained alongside the standard corpus', () => {
    const tenant = [
      '能刻字吗', '可以免费刻字吗', '刻个名字要加钱吗', '镌刻服务怎么收费', '戒指内圈能刻字不', '刻字要多久', '能不能定制刻字', '刻英文字母可以吗',
      '想在杯子上刻字', '刻字的话几天发货', '定制刻字怎么备注', '刻字服务有吗',
    ].map((text) => ({ text, intent: 'merchant.engraving' }));
    const classifier = IntentClassifier.train([...buildTrainingCorpus({ perTemplate: 10 }), ...tenant]);
    expect(classifier.intents).toContain('merchant.engraving');
    expect(classifier.predict('手镯上面能刻字吗').intent).toBe('merchant.engraving');
    expect(classifier.predict('我要退货').intent).toBe('refund.request');
  });

  it('rejects training data with fewer than two intents', () => {
    expect(() => IntentClassifier.train([{ text: '你好', intent: 'greeting' }])).toThrow();
  });
});
