import { MAX_NORMALIZED_CHARS, normalizeText } from '../../../src/nlu/text/normalize-text';

describe('normalizeText', () => {
  it('turns full-width letters, digits and punctuation into half-width', () => {
    expect(normalizeText('ＸＬ码有吗？').text).toBe('XL码有吗?');
    expect(normalizeText('订单１２３４５').steps).toContain('nfkc');
  });

  it('converts Taiwan and Hong Kong traditional characters (and Cantonese) to simplified', () => {
    expect(normalizeText('請問這雙鞋幾時發貨').text).toBe('请问这双鞋几时发货');
    expect(normalizeText('件衫係咪冇貨喇').text).toBe('件衫系咪冇货喇');
  });

  it('strips emoji, skin tones, ZWJ sequences and decorative symbols', () => {
    expect(normalizeText('好评👍🏻收到了😊').text).toBe('好评收到了');
    expect(normalizeText('★☆超赞♥️ 👨‍👩‍👧').text).toBe('超赞');
  });

  it('collapses repeated punctuation and tildes', () => {
    expect(normalizeText('怎么还不到！！！').text).toBe('怎么还不到!');
    expect(normalizeText('真的吗？？？！').text).toBe('真的吗?');
    expect(normalizeText('亲~~~在吗。。。').text).toBe('亲~在吗…');
  });

  it('collapses whitespace, drops spaces between hanzi but keeps them between latin words', () => {
    expect(normalizeText('  我 要   退 款  ').text).toBe('我要退款');
    expect(normalizeText('iPhone  15   Pro').text).toBe('iPhone 15 Pro');
  });

  it('keeps JDDC masked placeholders intact', () => {
    expect(normalizeText('我的单号是[订单x]，电话[电话x]～～').text).toBe('我的单号是[订单x],电话[电话x]~');
    expect(normalizeText('看这个[链接x]！！').text).toBe('看这个[链接x]!');
  });

  it('returns empty text for empty, emoji-only and control-only input without throwing', () => {
    expect(normalizeText('')).toEqual({ text: '', steps: [] });
    expect(normalizeText('😭😭😭🙏').text).toBe('');
    expect(normalizeText('\u0000\u0007\ufffd\ufffe').text).toBe('');
    expect(normalizeText(undefined as unknown as string).text).toBe('');
  });

  it('removes script blocks and HTML tags', () => {
    expect(normalizeText('<script>alert(1)</script>能发顺丰吗').text).toBe('能发顺丰吗');
    expect(normalizeText('<b>加急</b>').text).toBe('加急');
  });

  it('survives binary-looking input', () => {
    const binary = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    const { text } = normalizeText(binary);
    expect(Array.from(text).every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)).toBe(true);
    expect(text.length).toBeGreaterThan(0);
  });

  it('caps very long input', () => {
    const long = '退货'.repeat(5000);
    const { text, steps } = normalizeText(long);
    expect(Array.from(text)).toHaveLength(MAX_NORMALIZED_CHARS);
    expect(steps).toContain('truncate');
  });
});
