import { SentimentAnalyzer } from '../../../src/nlu/sentiment/sentiment-analyzer';
import { isTestRow, loadReviewRows, type ReviewRow } from '../../../src/nlu/sentiment/review-dataset';
import { sharedDataPath } from '../../../src/shared-data-path';

const CSV = sharedDataPath('online-shopping-reviews', 'online_shopping_10_cats.csv');

describe('SentimentAnalyzer', () => {
  let analyzer: SentimentAnalyzer;
  let test: ReviewRow[];

  beforeAll(() => {
    const rows = loadReviewRows(CSV);
    // A third of the training split keeps the suite quick; the full model is measured by measure-sentiment.ts.
    const train = rows.filter((r) => !isTestRow(r.index) && r.index % 3 === 1);
    test = rows.filter((r) => isTestRow(r.index));
    analyzer = SentimentAnalyzer.train(train);
  });

  it('loads the review CSV with its fixed test split', () => {
    expect(test.length).toBeGreaterThan(6000);
    expect(test.every((r) => r.index % 10 === 0)).toBe(true);
  });

  it('detects negative reviews on held-out test rows', () => {
    const sample = test.filter((_, i) => i % 6 === 0);
    const correct = sample.filter((r) => (analyzer.analyze(r.text).label === 'negative') === (r.label === 0)).length;
    expect(correct / sample.length).toBeGreaterThan(0.85);
  });

  it.each(['我要投诉你们', '再不处理我就打12315', '你们就是骗子', '什么垃圾东西', '气死我了!!!', '给差评'])('treats service anger as negative: %s', (text) => {
    const result = analyzer.analyze(text);
    expect(result.label).toBe('negative');
    expect(result.intensity).toBeGreaterThan(0.5);
  });

  it.each(['这个多久发货', '在吗', '能开发票吗', '帮我查下订单'])('keeps plain service questions neutral: %s', (text) => {
    expect(analyzer.analyze(text).label).toBe('neutral');
  });

  it('recognises praise and thanks as positive', () => {
    expect(analyzer.analyze('东西收到了 质量很好 很满意').label).toBe('positive');
    expect(analyzer.analyze('谢谢亲 服务很好').label).toBe('positive');
  });

  it('keeps intensity in [0,1] and survives hostile input', () => {
    for (const input of ['', '😀', '<script>alert(1)</script>', '差'.repeat(10000), undefined as unknown as string]) {
      const r = analyzer.analyze(input);
      expect(['negative', 'neutral', 'positive']).toContain(r.label);
      expect(r.intensity).toBeGreaterThanOrEqual(0);
      expect(r.intensity).toBeLessThanOrEqual(1);
    }
  });

  it('round-trips through serialize/deserialize', () => {
    const copy = SentimentAnalyzer.deserialize(analyzer.serialize());
    expect(copy.positiveProbability('质量太差了')).toBeCloseTo(analyzer.positiveProbability('质量太差了'), 5);
    expect(() => SentimentAnalyzer.deserialize(Buffer.from('nope'))).toThrow();
  });
});
