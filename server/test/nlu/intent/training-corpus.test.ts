import { buildTrainingCorpus } from '../../../src/nlu/intent/training-corpus';

const STANDARD = [
  'product.stock', 'product.spec', 'product.authenticity', 'product.size_advice', 'product.compatibility', 'product.recommend', 'promotion.inquiry',
  'shipping.eta', 'shipping.expedite', 'shipping.courier', 'order.track', 'order.change_address', 'order.cancel', 'order.modify', 'payment.issue',
  'invoice.request', 'refund.request', 'refund.status', 'exchange.request', 'price_protection', 'quality.complaint', 'logistics.exception', 'complaint',
  'membership', 'human.handoff', 'greeting', 'thanks_bye', 'affirm', 'deny', 'out_of_scope',
];

describe('buildTrainingCorpus', () => {
  const corpus = buildTrainingCorpus();

  it('covers exactly the 30 contract intents with volume for each', () => {
    const counts = new Map<string, number>();
    for (const e of corpus) counts.set(e.intent, (counts.get(e.intent) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...STANDARD].sort());
    for (const intent of STANDARD) expect(counts.get(intent)).toBeGreaterThanOrEqual(100);
  });

  it('is deterministic and free of unexpanded template syntax', () => {
    expect(buildTrainingCorpus().slice(0, 50)).toEqual(corpus.slice(0, 50));
    for (const e of corpus) expect(e.text).not.toMatch(/[[\]{}|]/);
  });
});
