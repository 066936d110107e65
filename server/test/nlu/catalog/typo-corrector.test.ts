import { TypoCorrector } from '../../../src/nlu/catalog/typo-corrector';
import { ECOMMERCE_TERMS } from '../../../src/nlu/text/ecommerce-lexicon';

const corrector = new TypoCorrector([...ECOMMERCE_TERMS, '戴森', '科沃斯']);

describe('TypoCorrector', () => {
  it('fixes homophone typos of vocabulary words', () => {
    expect(corrector.correct('退宽什么时候到').text).toBe('退款什么时候到');
    expect(corrector.correct('今天能发活吗').text).toBe('今天能发货吗');
    expect(corrector.correct('我的快第呢').text).toBe('我的快递呢');
    expect(corrector.correct('要开发漂').text).toBe('要开发票');
    expect(corrector.correct('吹风鸡坏了').text).toBe('吹风机坏了');
  });

  it('fixes near-homophones that blur sh/s, n/l and -ng/-n in words of three or more characters', () => {
    expect(corrector.correct('少地机器人到了').text).toBe('扫地机器人到了');
    expect(corrector.correct('科沃丝的扫地机').text).toBe('科沃斯的扫地机');
  });

  it('requires an exact homophone for two-character words', () => {
    expect(corrector.correct('戴深的怎么样').text).toBe('戴深的怎么样');
  });

  it('does not rewrite a character that belongs to a real word', () => {
    expect(corrector.correct('能提前收到吗').text).toBe('能提前收到吗');
    expect(corrector.correct('怎么还不发火').text).toBe('怎么还不发货');
  });

  it('reports corrections', () => {
    expect(corrector.correct('优惠卷能用吗').corrections).toEqual([{ from: '优惠卷', to: '优惠券' }]);
  });

  it('does not touch correct sentences', () => {
    const normal = [
      '我想问一下这件外套是什么面料的',
      '这个事件你们必须给我一个说法',
      '九十块钱包邮吗',
      '今天下午三点前下单能发吗',
      '你们的客服态度真的不行',
      '麻烦帮我查一下物流信息',
      '地质队的朋友推荐的',
      '这双鞋子穿着挺舒服的就是有点偏大',
      '我等了一个星期还没收到',
      '怎么还不发货',
    ];
    for (const s of normal) expect(corrector.correct(s)).toEqual({ text: s, corrections: [] });
  });

  it('leaves non-Chinese, empty and hostile text alone', () => {
    expect(corrector.correct('').text).toBe('');
    expect(corrector.correct('iPhone 15 Pro').text).toBe('iPhone 15 Pro');
    expect(corrector.correct('<script>alert(1)</script>').text).toBe('<script>alert(1)</script>');
    expect(corrector.correct('😀'.repeat(50)).corrections).toEqual([]);
  });

  it('copes with long input', () => {
    const long = '退宽'.repeat(5000);
    const { text } = corrector.correct(long);
    expect(text).toBe('退款'.repeat(5000));
  });

  it('works with an empty vocabulary', () => {
    expect(new TypoCorrector([]).correct('退宽').text).toBe('退宽');
  });
});
