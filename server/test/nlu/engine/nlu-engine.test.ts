import type { CatalogProduct } from '../../../src/nlu/catalog/catalog-resolver';
import { emptyDialogContext, type DialogContext } from '../../../src/nlu/engine/dialog-context';
import { NluEngine } from '../../../src/nlu/engine/nlu-engine';
import type { NluResult } from '../../../src/nlu/engine/nlu-result';
import { MAX_NORMALIZED_CHARS } from '../../../src/nlu/text/normalize-text';

/**
 * End-to-end behaviour of NluEngine.parse: every stage is exercised through the public entry point,
 * with a hand-made catalog and dialogs written for this file (none taken from the nlu-dev set).
 * Sentiment uses the customer-service lexicon (no review model), so results are deterministic.
 */

// Training the shared intent model takes several seconds under ts-jest.
jest.setTimeout(120_000);

const CATALOG: CatalogProduct[] = [
  { sku: 'K01', name: 'iPhone 15 Pro Max', brand: 'Apple', category: '手机' },
  { sku: 'K02', name: '华为 Mate60 Pro', brand: '华为', category: '手机' },
  { sku: 'K03', name: '小米 14 Ultra', brand: '小米', category: '手机' },
  { sku: 'K04', name: 'Air Jordan 1 High OG', brand: 'Nike', category: '鞋靴' },
  { sku: 'K05', name: '李宁 飞电 4 Elite 跑鞋', brand: '李宁', category: '鞋靴' },
  { sku: 'K06', name: '戴森 Supersonic HD15 吹风机', brand: '戴森', category: '个护电器' },
  { sku: 'K07', name: '松下 纳诺怡 EH-NA9 吹风机', brand: '松下', category: '个护电器' },
  { sku: 'K08', name: '北面 1996 Nuptse 羽绒服', brand: 'The North Face', category: '服装' },
  { sku: 'K09', name: '三星 Galaxy Z Fold5', brand: '三星', category: '手机' },
];

const CONTRACT_INTENTS = new Set([
  'product.stock', 'product.spec', 'product.authenticity', 'product.size_advice', 'product.compatibility', 'product.recommend',
  'promotion.inquiry', 'shipping.eta', 'shipping.expedite', 'shipping.courier', 'order.track', 'order.change_address',
  'order.cancel', 'order.modify', 'payment.issue', 'invoice.request', 'refund.request', 'refund.status', 'exchange.request',
  'price_protection', 'quality.complaint', 'logistics.exception', 'complaint', 'membership', 'human.handoff', 'greeting',
  'thanks_bye', 'affirm', 'deny', 'out_of_scope',
]);

let engine: NluEngine;

beforeAll(() => {
  engine = new NluEngine({ catalog: CATALOG, classifier: NluEngine.trainClassifier(), sentiment: null });
}, 120_000);

/** Runs the turns of one conversation in order, threading the returned context. */
function dialog(turns: string[], start: DialogContext = emptyDialogContext()): NluResult[] {
  let context = start;
  return turns.map((text) => {
    const parsed = engine.parse(text, context);
    context = parsed.context;
    return parsed.result;
  });
}

function one(text: string): NluResult {
  return engine.parse(text, emptyDialogContext()).result;
}

/** The contract's shape: a known intent, a confidence in 0..1, JSON-safe slots, carried ⊆ slots. */
function expectValidResult(result: NluResult): void {
  expect(CONTRACT_INTENTS.has(result.intent)).toBe(true);
  expect(Number.isFinite(result.confidence)).toBe(true);
  expect(result.confidence).toBeGreaterThanOrEqual(0);
  expect(result.confidence).toBeLessThanOrEqual(1);
  expect(typeof result.normalized).toBe('string');
  expect(['negative', 'neutral', 'positive']).toContain(result.sentiment);
  expect(Array.isArray(result.needs)).toBe(true);
  for (const [name, value] of Object.entries(result.slots)) {
    expect(typeof name).toBe('string');
    expect(['string', 'number']).toContain(typeof value);
  }
  for (const name of result.carried) expect(result.slots[name]).toBeDefined();
  expect(() => JSON.stringify(result)).not.toThrow();
}

describe('NluEngine.parse: normalisation', () => {
  it('turns full-width letters and digits into half-width before resolving and extracting', () => {
    const result = one('ＡＪ１有４２码吗');
    expect(result.normalized).toBe('AJ1有42码吗');
    expect(result.intent).toBe('product.stock');
    expect(result.slots.product).toBe('Air Jordan 1 High OG');
    expect(result.slots.size).toBe('42');
  });

  it('converts traditional characters to simplified', () => {
    const result = one('戴森吹風機保修多久');
    expect(result.normalized).toBe('戴森吹风机保修多久');
    expect(result.intent).toBe('product.spec');
    expect(result.slots.product).toBe('戴森 Supersonic HD15 吹风机');
  });

  it('drops emoji without losing the request', () => {
    const result = one('戴森吹风机有货吗😊😊');
    expect(result.normalized).toBe('戴森吹风机有货吗');
    expect(result.intent).toBe('product.stock');
    expect(result.slots.product).toBe('戴森 Supersonic HD15 吹风机');
  });
});

describe('NluEngine.parse: Cantonese', () => {
  it('reads the particle 啲 as 点 rather than correcting 快啲 to the homophone 快递', () => {
    const result = one('唔該快啲寄出呀');
    expect(result.normalized).toBe('麻烦快点寄出呀');
    expect(result.intent).toBe('shipping.expedite');
  });

  it('reads 咗 and 冇 as 了 and 没 so a Cantonese parcel question is understood', () => {
    const result = one('我個包裹到咗未呀 冇收到');
    expect(result.normalized).toContain('到了未');
    expect(result.normalized).toContain('没收到');
  });
});

describe('NluEngine.parse: confidence calibration', () => {
  it('a vague turn with no parcel evidence is not a confident order.track, so a language model may be asked', () => {
    const result = one('那个东西咋整来着');
    expect(result.confidence).toBeLessThan(0.6);
  });

  it('a parcel question with parcel words keeps its confidence', () => {
    const result = one('我的快递到哪了');
    expect(result.intent).toBe('order.track');
    expect(result.confidence).toBeGreaterThan(0.8);
  });

  it('an order number alone is parcel evidence enough', () => {
    const result = one('E2026112000123 怎么样了');
    expect(result.intent).toBe('order.track');
    expect(result.confidence).toBeGreaterThan(0.6);
  });
});

describe('NluEngine.parse: pinyin input and typo correction', () => {
  it('reads a fully pinyin-typed message as Chinese', () => {
    const result = one('wode kuaidi daonale');
    expect(result.normalized).toBe('我的快递到哪了');
    expect(result.intent).toBe('order.track');
  });

  it('resolves a product typed in pinyin', () => {
    const result = one('dai sen chui feng ji you huo ma');
    expect(result.normalized).toBe('戴森吹风机有货吗');
    expect(result.intent).toBe('product.stock');
    expect(result.slots.product).toBe('戴森 Supersonic HD15 吹风机');
  });

  it('corrects the homophone typo 退宽 to 退款', () => {
    const result = one('退宽怎么退');
    expect(result.normalized).toContain('退款');
    expect(result.normalized).not.toContain('退宽');
    expect(result.intent).toBe('refund.request');
  });

  it('resolves a homophone typo in a product name (腓电 → 飞电)', () => {
    const result = one('腓电4什么材质');
    expect(result.intent).toBe('product.spec');
    expect(result.slots.product).toBe('李宁 飞电 4 Elite 跑鞋');
  });
});

describe('NluEngine.parse: product resolution', () => {
  it.each([
    ['15pm有现货吗', 'iPhone 15 Pro Max'],
    ['aj1 还有42码吗', 'Air Jordan 1 High OG'],
    ['小米14u有货吗', '小米 14 Ultra'],
    ['华为mate60有货吗', '华为 Mate60 Pro'],
    ['松下吹风机有货吗', '松下 纳诺怡 EH-NA9 吹风机'],
  ])('resolves the abbreviation in %s to the exact catalog name', (text, product) => {
    const result = one(text);
    expect(result.intent).toBe('product.stock');
    expect(result.slots.product).toBe(product);
  });

  it('does not guess between two products sharing only a product type', () => {
    // Two hair dryers in the catalog: 吹风机 alone is a coin toss, so no product slot.
    expect(one('吹风机有货吗').slots.product).toBeUndefined();
  });
});

describe('NluEngine.parse: slots', () => {
  it('upper-cases an order id and removes the spaces a shopper typed into it', () => {
    const result = one('订单 e2026 1120 0012 3到哪了');
    expect(result.intent).toBe('order.track');
    expect(result.slots.order_id).toBe('E2026112000123');
  });

  it('takes an 11-digit mainland mobile number as digits only', () => {
    const result = one('收件电话改成138 1234 5678');
    expect(result.intent).toBe('order.change_address');
    expect(result.slots.phone).toBe('13812345678');
  });

  it('rejects a number that is not a valid mainland mobile', () => {
    const result = one('电话改成12345678901');
    expect(result.intent).toBe('order.change_address');
    expect(result.slots.phone).toBeUndefined();
  });
});

describe('NluEngine.parse: dialog context', () => {
  it('carries the product into a follow-up question about it, naming it in carried', () => {
    const [first, second] = dialog(['15pm有现货吗', '续航怎么样']);
    expect(first.slots.product).toBe('iPhone 15 Pro Max');
    expect(first.carried).toEqual([]);
    expect(second.intent).toBe('product.spec');
    expect(second.slots.product).toBe('iPhone 15 Pro Max');
    expect(second.carried).toEqual(['product']);
  });

  it('a newly named product replaces the carried one', () => {
    const [, second] = dialog(['15pm有货吗', '那小米14u有货吗']);
    expect(second.slots.product).toBe('小米 14 Ultra');
    expect(second.carried).not.toContain('product');
  });

  it('carries the order id into a change of address', () => {
    const [first, second] = dialog(['订单E2026112000123到哪了', '地址改成上海市浦东新区张江路88号']);
    expect(first.slots.order_id).toBe('E2026112000123');
    expect(second.intent).toBe('order.change_address');
    expect(second.slots.address).toBe('上海市浦东新区张江路88号');
    expect(second.slots.order_id).toBe('E2026112000123');
    expect(second.carried).toEqual(['order_id']);
  });

  it('a colour-only follow-up keeps the stock question and its product', () => {
    // Out of context the same words are read as a confirmation; after a stock question they complete it.
    expect(one('深灰的').intent).not.toBe('product.stock');
    const [, second] = dialog(['AJ1有货吗', '深灰的']);
    expect(second.intent).toBe('product.stock');
    expect(second.slots.color).toBe('深灰色');
    expect(second.slots.product).toBe('Air Jordan 1 High OG');
    expect(second.carried).toEqual(['product']);
  });

  it('a value-only turn supplying a new phone keeps the change-address task and its order', () => {
    const [, second] = dialog(['E2026112000123的收货地址要改', '新电话15900001111']);
    expect(second.intent).toBe('order.change_address');
    expect(second.slots.phone).toBe('15900001111');
    expect(second.slots.order_id).toBe('E2026112000123');
    expect(second.carried).toEqual(['order_id']);
  });

  // Contract: a turn that only supplies a value (an order number) keeps the intent of the turn it completes.
  it('a bare order number after a cancel request keeps order.cancel', () => {
    const [, second] = dialog(['我要取消订单', 'E2026112000123']);
    expect(second.intent).toBe('order.cancel');
    expect(second.slots.order_id).toBe('E2026112000123');
  });

  it('resolves 第二单 against two orders named in an earlier turn, then 上一单 as a correction', () => {
    const [first, second, third] = dialog(['我有两单 E2026112000123 和 E2026112000456', '第二单到哪了', '不对 是上一单']);
    expect(first.slots.order_id).toBe('E2026112000123');
    expect(second.intent).toBe('order.track');
    expect(second.slots.order_id).toBe('E2026112000456');
    expect(second.carried).toContain('order_id');
    expect(third.intent).toBe('order.track');
    expect(third.slots.order_id).toBe('E2026112000123');
    expect(third.carried).toContain('order_id');
  });

  it('resolves 第二单 among several orders named in the same turn', () => {
    const result = one('我有两单 E2026112000123 和 E2026112000456 第二单到哪了');
    expect(result.intent).toBe('order.track');
    expect(result.slots.order_id).toBe('E2026112000456');
  });

  it('carries nothing into thanks or a greeting', () => {
    const [, thanks] = dialog(['华为mate60有货吗', '谢谢 拜拜']);
    expect(thanks.intent).toBe('thanks_bye');
    expect(thanks.slots).toEqual({});
    expect(thanks.carried).toEqual([]);

    const [, greeting] = dialog(['E2026112000789到哪了', '你好']);
    expect(greeting.intent).toBe('greeting');
    expect(greeting.slots).toEqual({});
    expect(greeting.carried).toEqual([]);
  });

  it('still carries the order after a thanks turn in the same dialog', () => {
    const [, , third] = dialog(['E2026112000789到哪了', '好的谢谢', '地址改成杭州市西湖区文三路100号']);
    expect(third.intent).toBe('order.change_address');
    expect(third.slots.order_id).toBe('E2026112000789');
    expect(third.carried).toContain('order_id');
  });

  it('never carries across fresh contexts', () => {
    dialog(['15pm有现货吗', '订单E2026112000123到哪了']);
    const fresh = one('续航怎么样');
    expect(fresh.intent).toBe('product.spec');
    expect(fresh.slots).toEqual({});
    expect(fresh.carried).toEqual([]);
    const freshAddress = one('地址改成上海市浦东新区张江路88号');
    expect(freshAddress.slots.order_id).toBeUndefined();
    expect(freshAddress.carried).toEqual([]);
  });

  it('does not mutate the context it was given', () => {
    const start = engine.parse('15pm有现货吗', emptyDialogContext()).context;
    const snapshot = JSON.parse(JSON.stringify(start)) as DialogContext;
    engine.parse('订单E2026112000123到哪了', start);
    expect(start).toEqual(snapshot);
  });

  it('returns a plain-JSON context that survives a round trip through storage', () => {
    const first = engine.parse('15pm有现货吗', emptyDialogContext());
    const stored = JSON.parse(JSON.stringify(first.context)) as DialogContext;
    const second = engine.parse('续航怎么样', stored).result;
    expect(second.slots.product).toBe('iPhone 15 Pro Max');
    expect(second.carried).toEqual(['product']);
  });
});

describe('NluEngine.parse: sentiment and needs', () => {
  it('adds escalate when anger continues across turns, not on the first angry turn', () => {
    const [first, second] = dialog(['快递怎么还不到 气死了', '什么破服务 垃圾']);
    expect(first.sentiment).toBe('negative');
    expect(first.needs).not.toContain('escalate');
    expect(second.sentiment).toBe('negative');
    expect(second.needs).toContain('escalate');
    // The same second turn in a fresh conversation is angry but not yet an escalation.
    expect(one('什么破服务 垃圾').needs).not.toContain('escalate');
  });

  it('a calm turn resets the anger streak', () => {
    const [, calm, angry] = dialog(['快递怎么还不到 气死了', '好的 谢谢', '什么破服务 垃圾']);
    expect(calm.needs).not.toContain('escalate');
    expect(angry.sentiment).toBe('negative');
    expect(angry.needs).not.toContain('escalate');
  });

  it('detects urgency as a need beside the request intent', () => {
    const result = one('急用 今天能发货吗');
    expect(result.needs).toContain('urgent');
  });

  // Emotion partly lives in what normalisation removes (😡, ！！！): sentiment and needs read the raw text.
  it('reads anger from repeated exclamation marks and an angry emoji', () => {
    const result = one('到底什么时候发货！！！😡');
    expect(result.sentiment).toBe('negative');
    expect(result.needs).toContain('dissatisfied');
  });
});

describe('NluEngine.parse: bad input', () => {
  const BAD: [string, string][] = [
    ['empty', ''],
    ['whitespace only', '   \n\t  '],
    ['10,000 characters', '我要退款'.repeat(2500)],
    ['10,000 random-ish characters', Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join('')],
    ['emoji only', '😀😀😀🎉🎉👍'],
    ['script tag', '<script>alert(1)</script>'],
    ['script tag around a request', '<script>alert("x")</script>退款什么时候到账'],
    ['binary-looking', '\u0000\u0001\u0002\u0007\u001b[31m\u00ff\ufffd\ufeff\u200b'],
    ['lone surrogate', 'abc\ud800def'],
    ['regex-hostile', '(((((((((a*)*)*)*)*)*)*)*)*)'.repeat(50) + '!'.repeat(500)],
    ['only digits', '1'.repeat(5000)],
  ];

  it.each(BAD)('%s: returns a valid result without throwing', (_name, text) => {
    let parsed: ReturnType<NluEngine['parse']> | undefined;
    expect(() => {
      parsed = engine.parse(text, emptyDialogContext());
    }).not.toThrow();
    if (!parsed) throw new Error('parse returned nothing');
    expectValidResult(parsed.result);
    // normalizeText caps at 2,000 characters; typo correction afterwards may lengthen a few words.
    expect(parsed.result.normalized.length).toBeLessThanOrEqual(2500);
    // The context is usable for the next turn.
    expectValidResult(engine.parse('你好', parsed.context).result);
  });

  it('a non-string at runtime (untyped callers) is treated as empty', () => {
    const result = engine.parse(null as unknown as string).result;
    expectValidResult(result);
    expect(result.normalized).toBe('');
  });

  it('strips the script tag and still understands the request', () => {
    const result = one('<script>alert("x")</script>退款什么时候到账');
    expect(result.normalized).not.toContain('<script');
    expect(result.intent).toBe('refund.status');
  });

  it('a 10,000-character message is cut to the bounded length before the costly steps, and still understood', () => {
    // The bound on the work is the cut (bench:nlu measures the speed); a timing here would only measure the machine.
    const result = one('我的快递到哪了'.repeat(1500));
    expectValidResult(result);
    expect(result.normalized.length).toBeLessThanOrEqual(MAX_NORMALIZED_CHARS);
    expect(result.intent).toBe('order.track');
  });
});
