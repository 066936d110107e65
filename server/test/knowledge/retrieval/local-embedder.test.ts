import { LocalEmbedder } from '../../../src/knowledge/retrieval/local-embedder';

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, v, i) => sum + v * b[i], 0);
}

describe('LocalEmbedder', () => {
  const embedder = new LocalEmbedder();

  it('is deterministic, L2-normalised, and names its dimensions in its id', async () => {
    const [a] = await embedder.embed(['七天无理由退货怎么办理？']);
    const [b] = await new LocalEmbedder().embed(['七天无理由退货怎么办理？']);
    expect(a).toEqual(b);
    expect(a).toHaveLength(384);
    expect(embedder.id).toBe('local-lexsem-v1-384');
    expect(Math.sqrt(cosine(a, a))).toBeCloseTo(1, 6);
  });

  it('puts paraphrases closer than unrelated questions', async () => {
    const [query, paraphrase, unrelated] = await embedder.embed(['退货的运费谁来出', '退货运费谁承担？有运费险吗', '积分怎么获得和使用']);
    expect(cosine(query, paraphrase)).toBeGreaterThan(cosine(query, unrelated) + 0.2);
  });

  it('brings synonyms, traditional characters and pinyin closer', async () => {
    const [refund, synonym, other] = await embedder.embed(['退款多久到账', '退钱多久到', '发票怎么开']);
    expect(cosine(refund, synonym)).toBeGreaterThan(cosine(refund, other));
    const [simplified, traditional] = await embedder.embed(['发货', '發貨']);
    expect(cosine(simplified, traditional)).toBeCloseTo(1, 6);
  });

  it('gives an empty text a valid unit vector', async () => {
    const [empty] = await embedder.embed(['']);
    expect(cosine(empty, empty)).toBeCloseTo(1, 6);
  });
});
