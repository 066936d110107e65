import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { segmentWords, wordSpans } from '../../../src/nlu/text/word-segmenter';

describe('segmentWords: jieba with the e-commerce service terms as user words', () => {
  const plain = Jieba.withDict(dict);

  it.each([
    ['七天无理由能退吗', '七天无理由'],
    ['我要申请退款进度查一下', '退款进度'],
    ['运费险怎么赔', '运费险'],
    ['电动牙刷的到货通知', '到货通知'],
  ])('keeps the lexicon term whole in %s (the bare dictionary splits it)', (text, term) => {
    expect(plain.cut(text, false)).not.toContain(term);
    expect(segmentWords(text)).toContain(term);
  });

  it('still segments ordinary words and product types by the dictionary', () => {
    expect(segmentWords('我的快递到哪了')).toEqual(plain.cut('我的快递到哪了', false));
    // the resolver derives 炸锅 from the dictionary's cut of 空气炸锅
    expect(segmentWords('空气炸锅')).toEqual(plain.cut('空气炸锅', false));
  });

  it('returns a fresh array each time: callers may change what they get', () => {
    const first = segmentWords('七天无理由能退吗');
    first.push('changed');
    expect(segmentWords('七天无理由能退吗')).not.toContain('changed');
  });

  it('maps each character to the span of its word', () => {
    expect(wordSpans('运费险怎么赔')).toEqual([[0, 3], [0, 3], [0, 3], [3, 5], [3, 5], [5, 6]]);
    expect(segmentWords('')).toEqual([]);
  });
});
