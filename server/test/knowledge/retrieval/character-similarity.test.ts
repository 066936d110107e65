import { characterCosine, characterSet } from '../../../src/knowledge/retrieval/character-similarity';
import { GramRarity, rerankProfileOf, scoreLexicalOnly } from '../../../src/knowledge/retrieval/rerank-candidates';

describe('character similarity of a question and a phrasing', () => {
  const even = (): number => 1;

  it('takes the distinct letters, digits and Han characters of the normalised text', () => {
    expect([...characterSet('扫码，付款！ＡＡ')]).toEqual(['c:扫', 'c:码', 'c:付', 'c:款', 'c:a']);
    expect(characterSet(' ，。 ').size).toBe(0);
  });

  it('is 1 for the same characters, 0 for none shared or an empty side, and symmetric', () => {
    const a = characterSet('花呗怎么还款');
    const b = characterSet('怎么还花呗的款');
    expect(characterCosine(a, characterSet('还款怎么花呗'), even)).toBeCloseTo(1, 10);
    expect(characterCosine(a, characterSet('运费险'), even)).toBe(0);
    expect(characterCosine(a, new Set(), even)).toBe(0);
    expect(characterCosine(a, b, even)).toBeCloseTo(characterCosine(b, a, even), 12);
  });

  it('counts a shared rare character for more than a shared common one', () => {
    // 怎/么 are in every phrasing, 冻 in one: sharing 冻 must say more than sharing 怎么.
    const profiles = ['怎么冻结花呗', '怎么还款', '怎么开发票', '怎么退货', '怎么改地址'].map((title) => rerankProfileOf({ title, similarQuestions: [], keywords: [] }));
    const rarity = new GramRarity(profiles);
    const weight = (char: string): number => rarity.weight(char);
    const question = characterSet('冻住了怎么办');
    expect(rarity.weight('c:冻')).toBeGreaterThan(rarity.weight('c:怎'));
    expect(characterCosine(question, characterSet('冻结'), weight)).toBeGreaterThan(characterCosine(question, characterSet('怎么'), weight));
  });
});

describe('lexical-only scoring with character similarity', () => {
  it('keeps one character set per phrasing and reports the closest phrasing', () => {
    const profile = rerankProfileOf({ title: '可以用花呗付款吗', similarQuestions: ['能扫描二维码付款吗'], keywords: ['花呗'] });
    expect(profile.characters).toHaveLength(2);
    expect(profile.characters[1].has('c:扫')).toBe(true);
    // 扫码 and 扫描二维码 share no bigram but share 扫 and 码; the similar question is the closer phrasing.
    const [ranked] = scoreLexicalOnly('扫码付款', [{ doc: 0, lexicalRank: 1, lexicalScore: 1 }], [profile], new GramRarity([profile]));
    const title = characterCosine(characterSet('扫码付款'), profile.characters[0], () => 1);
    expect(ranked.characterSimilarity).toBeGreaterThan(title);
    expect(ranked.score).toBeGreaterThan(0);
    expect(ranked.score).toBeLessThanOrEqual(1);
  });

  it('ranks the phrasing that is the question in other words above one that adds another topic', () => {
    // The other entries of the knowledge base only set how rare each character is (怎么 is everywhere).
    const titles = ['取消花呗收钱', '收钱怎么取消花呗服务费', '怎么还款', '怎么开发票', '怎么退货', '怎么改地址', '花呗怎么开通'];
    const profiles = titles.map((title) => rerankProfileOf({ title, similarQuestions: [], keywords: [] }));
    // Equal BM25F evidence for both candidates, so only the whole-phrasing features decide.
    const candidates = [0, 1].map((doc) => ({ doc, lexicalRank: doc + 1, lexicalScore: 1 }));
    const ranked = scoreLexicalOnly('怎么取消花呗收款', candidates, profiles, new GramRarity(profiles));
    expect(ranked.map((c) => titles[c.doc])).toEqual(titles.slice(0, 2));
  });
});
