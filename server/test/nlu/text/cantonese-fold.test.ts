import { foldCantonese } from '../../../src/nlu/text/cantonese-fold';

describe('foldCantonese', () => {
  it.each([
    ['快啲发货啦', '快点发货啦'],
    ['我嘅货到咗未', '我的货到了未'],
    ['冇收到', '没收到'],
    ['件衫系咪冇货', '件衫是不是没货'],
  ])('%s → %s', (input, expected) => {
    expect(foldCantonese(input)).toBe(expected);
  });

  it('reads 唔该 as a request (麻烦), not as 唔 (not) + 该', () => {
    expect(foldCantonese('唔该快啲')).toBe('麻烦快点');
    expect(foldCantonese('唔想要')).toBe('不想要');
  });

  it('leaves Mandarin untouched', () => {
    expect(foldCantonese('我的快递到哪了')).toBe('我的快递到哪了');
  });
});
