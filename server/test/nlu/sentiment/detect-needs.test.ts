import { detectNeeds } from '../../../src/nlu/sentiment/detect-needs';

describe('detectNeeds', () => {
  it.each([
    ['周末出差急用 今天能发吗', 'urgent'],
    ['明天要用 赶得上吗', 'urgent'],
    ['能便宜点不', 'discount_interest'],
    ['有券吗', 'discount_interest'],
    ['现在打折吗', 'discount_interest'],
    ['太失望了 质量好差', 'dissatisfied'],
    ['再也不买你们家了', 'churn_risk'],
    ['app已经卸载了', 'churn_risk'],
    ['去别家买了', 'churn_risk'],
  ])('%s → %s', (text, need) => expect(detectNeeds(text)).toContain(need));

  it('finds nothing in a calm, neutral question', () => {
    expect(detectNeeds('这件衣服是什么面料')).toEqual([]);
  });

  it('can report several needs at once', () => {
    expect(detectNeeds('急死了 再不发货我就去别家买')).toEqual(expect.arrayContaining(['urgent', 'churn_risk']));
  });

  it('never crashes on hostile input', () => {
    for (const input of ['', '😀😀', '<img onerror=alert(1)>', '急'.repeat(10000), null as unknown as string]) {
      expect(Array.isArray(detectNeeds(input))).toBe(true);
    }
  });
});
