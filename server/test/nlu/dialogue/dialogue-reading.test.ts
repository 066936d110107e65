import type { CatalogProduct } from '../../../src/nlu/catalog/catalog-resolver';
import { CatalogCategories } from '../../../src/nlu/catalog/catalog-categories';
import { CatalogResolver } from '../../../src/nlu/catalog/catalog-resolver';
import { emptyDialogContext, type DialogContext } from '../../../src/nlu/engine/dialog-context';
import { NluEngine } from '../../../src/nlu/engine/nlu-engine';
import type { NluResult } from '../../../src/nlu/engine/nlu-result';
import { readOrderCues } from '../../../src/nlu/dialogue/order-cues';
import { answeringSpecFields, askedAttribute } from '../../../src/nlu/dialogue/product-attribute';
import { isPolicyQuestion, readYesNo, requestIntentByWords, withdrawsHandoff } from '../../../src/nlu/dialogue/request-words';

/**
 * The dialogue reading of issue 13 on a shop that is not the demo: a tea and teaware shop. Category
 * words, product facts and follow-ups must come from its catalog, not from the demo's.
 */
jest.setTimeout(120_000);

const TEA_SHOP: CatalogProduct[] = [
  { sku: 'T01', name: '西湖龙井 明前特级 250g', brand: '狮峰', category: '绿茶', aliases: ['龙井', '明前龙井'] },
  { sku: 'T02', name: '武夷山大红袍 岩茶 200g', brand: '武夷星', category: '乌龙茶', aliases: ['大红袍', '岩茶'] },
  { sku: 'T03', name: '云南普洱熟茶饼 357g', brand: '大益', category: '黑茶', aliases: ['普洱', '熟普', '茶饼'] },
  { sku: 'T04', name: '德化白瓷盖碗茶具套装', brand: '德化', category: 'teaware', aliases: ['盖碗', '茶具'] },
  { sku: 'T05', name: '宜兴紫砂壶 西施壶', brand: '宜兴', category: 'teaware', aliases: ['紫砂壶', '西施壶'] },
];

describe('dialogue reading in the understanding layer', () => {
  let engine: NluEngine;
  beforeAll(() => {
    engine = new NluEngine({ catalog: TEA_SHOP, classifier: NluEngine.trainClassifier() });
  });

  const dialog = (...turns: string[]): NluResult[] => {
    let context: DialogContext = emptyDialogContext();
    return turns.map((turn) => {
      const { result, context: next } = engine.parse(turn, context);
      context = next;
      return result;
    });
  };

  it('finds categories from the tenant catalog: its Chinese category names and its products head nouns', () => {
    const categories = new CatalogCategories(TEA_SHOP);
    expect(categories.categoriesIn('绿茶那单到了吗')).toEqual(['绿茶']);
    expect(categories.categoriesIn('买的紫砂壶那单')).toEqual(['teaware']);
    expect(categories.categoriesIn('今天天气不错')).toEqual([]);
  });

  it('resolves a type word written with a latin letter that a product name ends in (T恤, U盘)', () => {
    const resolver = new CatalogResolver([
      { sku: 'A1', name: '茶园文化 纯棉圆领T恤', brand: '茶园', category: '周边' },
      { sku: 'A2', name: '茶园文化 帆布袋', brand: '茶园', category: '周边' },
    ]);
    expect(resolver.resolve('t恤有白色吗')?.product.sku).toBe('A1');
    expect(resolver.resolve('茶叶有货吗')).toBeNull();
  });

  it('reads how a turn points at an order: a demonstrative, the state, the amount, recency', () => {
    expect(readOrderCues('普洱那单发货了吗')).toMatchObject({ refersToOrder: true, states: ['paid', 'unpaid'] });
    expect(readOrderCues('上次买的茶叶收到了')).toMatchObject({ refersToOrder: true, recency: 'latest' });
    expect(readOrderCues('688那单')).toMatchObject({ refersToOrder: true, amount: 688 });
    expect(readOrderCues('龙井好喝吗').refersToOrder).toBe(false);
    // "到咗边" (folded to 到了边) asks where it is, not about an order that arrived.
    expect(readOrderCues('我的东西到了边啊').states).not.toContain('delivered');
  });

  it('reads an order named by its contents as that order, not a general question', () => {
    const [turn] = dialog('大红袍那个订单什么时候发货');
    expect(turn.intent).toBe('order.track');
    expect(turn.reading?.products).toContain('武夷山大红袍 岩茶 200g');
  });

  it('does not carry the order in force into a turn that names another order by its contents', () => {
    const [first, second] = dialog('订单E20261124005到哪了', '那普洱那单呢');
    expect(first.slots.order_id).toBe('E20261124005');
    expect(second.slots.order_id).toBeUndefined();
    expect(second.reading?.products).toContain('云南普洱熟茶饼 357g');
  });

  it('carries the product into a follow-up that leaves it out, with the asked fact', () => {
    const [, followUp] = dialog('龙井还有货吗', '价格呢');
    expect(followUp.slots.product).toBe('西湖龙井 明前特级 250g');
    expect(followUp.carried).toContain('product');
    expect(followUp.reading?.attribute).toBe('price');
    expect(followUp.question).toContain('西湖龙井');
  });

  it('asks the last question again about another product ("那X呢")', () => {
    const [, next] = dialog('普洱保质期多久', '那大红袍呢');
    expect(next.slots.product).toBe('武夷山大红袍 岩茶 200g');
    expect(next.reading?.attribute).toBe('shelf_life');
    expect(next.question).toMatch(/保质期/);
  });

  it('finds the spec field that answers, by its own name or what shoppers call it', () => {
    const specs = { 产地: '浙江杭州', 保质期: '18个月', 净含量: '250g', 颜色可选: '白色' };
    expect(answeringSpecFields('产地哪里的', askedAttribute('产地哪里的'), specs)).toEqual(['产地']);
    expect(answeringSpecFields('能放多久', askedAttribute('能放多久'), specs)).toEqual(['保质期']);
    expect(answeringSpecFields('有啥色', askedAttribute('有啥色'), specs)).toEqual(['颜色可选']);
  });

  it('reads Cantonese and typo tracking with annoyance as tracking, and asking to hurry as expedite', () => {
    const [cantonese] = dialog('我订单嘅嘢去咗边度啊');
    expect(cantonese.intent).toBe('order.track');
    const [hurry] = dialog('急住用 可唔可以快啲发货');
    expect(hurry.intent).toBe('shipping.expedite');
  });

  it('reads a question about when people are on duty as a question, not a handoff', () => {
    const [hours] = dialog('人工客服几点上班');
    expect(hours.intent).not.toBe('human.handoff');
    const [wish] = dialog('转人工');
    expect(wish.intent).toBe('human.handoff');
  });

  it('reads a refund progress question as refund.status, not a new refund', () => {
    const [progress] = dialog('茶具那单退款到账没');
    expect(progress.intent).toBe('refund.status');
  });

  it('keeps the request words, yes/no and question-or-request in the understanding layer', () => {
    expect(requestIntentByWords('订单E20261124005开个发票')).toBe('invoice.request');
    expect(requestIntentByWords('订单E20261124005到哪了')).toBeUndefined();
    expect(readYesNo('嗯嗯')).toBe('yes');
    expect(readYesNo('算了')).toBe('no');
    expect(readYesNo('改成黑色')).toBeUndefined();
    expect(isPolicyQuestion('支持七天无理由退货吗')).toBe(true);
    expect(isPolicyQuestion('我要退货')).toBe(false);
    expect(withdrawsHandoff('不用了 茶叶怎么泡')).toBe(true);
    expect(withdrawsHandoff('不用人工也行吗')).toBe(false);
  });
});
