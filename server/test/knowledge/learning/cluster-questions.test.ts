import { clusterQuestions } from '../../../src/knowledge/learning/cluster-questions';

const clustersOf = (texts: string[]): string[][] =>
  clusterQuestions(texts.map((text, id) => ({ id, text }))).map((cluster) => cluster.members.map((m) => m.text).sort());

const clusterHolding = (clusters: string[][], text: string): string[] => clusters.find((members) => members.includes(text)) ?? [];

describe('gap clustering treats synonyms as one topic', () => {
  const questions = ['门店在哪', '实体店地址', '你们有线下店吗', '你们在上海有实体店吗', '店铺直播几点开始', '收货地址怎么改', '羽绒服可以机洗吗'];

  it('puts questions about the physical shop together whichever word they use for it', () => {
    const clusters = clustersOf(questions);
    expect(clusterHolding(clusters, '门店在哪')).toEqual(['你们在上海有实体店吗', '你们有线下店吗', '实体店地址', '门店在哪'].sort());
  });

  it('keeps apart questions that only share a word outside the group or the online shop', () => {
    const clusters = clustersOf(questions);
    // 店铺 is the online shop; 地址 alone is the delivery address, not where the shop is.
    expect(clusterHolding(clusters, '店铺直播几点开始')).toEqual(['店铺直播几点开始']);
    expect(clusterHolding(clusters, '收货地址怎么改')).toEqual(['收货地址怎么改']);
    expect(clusterHolding(clusters, '羽绒服可以机洗吗')).toEqual(['羽绒服可以机洗吗']);
  });

  it('keeps the written words, not group names, as the topic keywords', () => {
    const [store] = clusterQuestions(['门店在哪', '实体店地址', '门店怎么走'].map((text, id) => ({ id, text })));
    expect(store.members).toHaveLength(3);
    expect(store.topWords[0]).toBe('门店');
    expect(store.topWords.some((w) => w.startsWith('s:') || w === 'store')).toBe(false);
  });
});
