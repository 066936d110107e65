import { LexicalIndex } from '../../../src/knowledge/retrieval/lexical-index';
import { analyzeSearchText } from '../../../src/knowledge/retrieval/analyze-search-text';
import { demoEntries } from './demo-entries';

describe('LexicalIndex over the demo policy entries', () => {
  const entries = demoEntries();
  const index = LexicalIndex.build(entries);
  const top = (query: string, k = 1): string[] => index.search(query, k).map((hit) => entries[hit.doc].slug);

  it.each([
    ['付了钱以后几天发货', 'kb-shipping-48h'],
    ['衣服买大了能不能换个小一码的', 'kb-exchange'],
    ['怎么找真人客服', 'kb-human-handoff'],
    ['东西坏了 质量不行怎么处理', 'kb-quality-issue'],
  ])('finds the entry for a colloquial question: %s', (query, slug) => {
    expect(top(query, 3)).toContain(slug);
  });

  it('matches through the e-commerce synonym table (退钱 → an entry written with 退款)', () => {
    expect(analyzeSearchText('我想退钱').synonyms).toContain('s:refund');
    expect(top('退钱几天到账', 1)).toEqual(['kb-refund-timing']);
  });

  it('matches a query typed in toneless pinyin', () => {
    expect(top('tui kuan duo jiu dao zhang', 3)).toContain('kb-refund-timing');
    expect(top('fapiao', 3).some((slug) => slug.startsWith('kb-invoice'))).toBe(true);
  });

  it('matches a homophone typo through pinyin (花被 for 花呗)', () => {
    expect(top('花被能分期吗', 1)).toEqual(['kb-huabei-installment']);
  });

  it('folds traditional characters and full-width forms to the indexed simplified text', () => {
    expect(analyzeSearchText('退貨運費誰出').normalized).toBe('退货运费谁出');
    expect(top('退貨運費誰出？', 1)).toEqual(['kb-return-shipping-insurance']);
    expect(top('ＦＡＰＩＡＯ', 3).some((slug) => slug.startsWith('kb-invoice'))).toBe(true);
  });

  it('returns nothing for a query that shares nothing with the entries, and respects k', () => {
    expect(index.search('zzqx', 5)).toEqual([]);
    expect(index.search('怎么', 3).length).toBeLessThanOrEqual(3);
  });

  it('weights the question side above the answer text', () => {
    // 中通 appears in answers of several entries but in keywords only of the courier entry.
    expect(top('中通', 1)).toEqual(['kb-courier-default']);
  });
});
