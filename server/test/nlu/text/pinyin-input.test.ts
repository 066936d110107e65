import { PinyinInputConverter, convertPinyinInput } from '../../../src/nlu/text/pinyin-input';

describe('convertPinyinInput', () => {
  it('converts a single run of toneless pinyin', () => {
    expect(convertPinyinInput('tuihuo').text).toBe('退货');
    expect(convertPinyinInput('fapiao').text).toBe('发票');
  });

  it('converts spaced, per-syllable pinyin into words', () => {
    expect(convertPinyinInput('wo xiang tui kuan').text).toBe('我想退款');
    expect(convertPinyinInput('shenme shihou fahuo').text).toBe('什么时候发货');
  });

  it('converts pinyin mixed with hanzi and model numbers, leaving the model alone', () => {
    expect(convertPinyinInput('我要tuikuan').text).toBe('我要退款');
    expect(convertPinyinInput('X30 you huo ma').text).toBe('X30 有货吗');
  });

  it('leaves English words, brands and model names alone', () => {
    for (const s of ['iPhone 15 Pro Max', 'XL', 'hello', 'nike', 'Mate60', 'ok', 'GT']) expect(convertPinyinInput(s).text).toBe(s);
  });

  it('does not convert a lone syllable the vocabulary cannot explain', () => {
    expect(convertPinyinInput('ke').text).toBe('ke');
    expect(convertPinyinInput('hi').conversions).toEqual([]);
  });

  it('uses extra vocabulary such as catalog words and can protect catalog latin words', () => {
    const converter = new PinyinInputConverter(['科沃斯', '扫地机'], ['kovos']);
    expect(converter.convert('kewosi saodiji').text).toBe('科沃斯扫地机');
    expect(converter.convert('kovos').text).toBe('kovos');
  });

  it('reports what it converted', () => {
    expect(convertPinyinInput('kuaidi ne').conversions).toEqual([{ from: 'kuaidi ne', to: '快递呢' }]);
  });

  it('handles empty and hostile input', () => {
    expect(convertPinyinInput('').text).toBe('');
    expect(convertPinyinInput('<script>alert(1)</script>').text).toBe('<script>alert(1)</script>');
    expect(convertPinyinInput('a'.repeat(10000)).text).toHaveLength(10000);
  });
});
