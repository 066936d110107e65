import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../src/logger';
import { loadOrTrainClassifier } from '../../../src/nlu/intent/classifier-cache';
import { IntentClassifier, type IntentExample } from '../../../src/nlu/intent/intent-classifier';
import { NluService } from '../../../src/nlu/nlu-service';

// A small corpus written for this test, so the cache mechanics are exercised in milliseconds of training.
const SMALL_CORPUS: IntentExample[] = [
  ...['我要退货', '这个想退了', '不想要了退掉', '申请退货退款', '能退吗'].map((text) => ({ text, intent: 'refund.request' })),
  ...['快递到哪了', '物流到哪里了', '我的包裹呢', '查一下快递', '什么时候到'].map((text) => ({ text, intent: 'order.track' })),
  ...['你好', '在吗', '有人吗', '哈喽', '亲在不在'].map((text) => ({ text, intent: 'greeting' })),
];
const PROBES = ['我想退货', '包裹到哪了', '在不在', '今天天气怎么样'];

function predictions(classifier: IntentClassifier): { intent: string; confidence: number }[] {
  return PROBES.map((text) => {
    const { intent, confidence } = classifier.predict(text);
    return { intent, confidence };
  });
}

describe('intent classifier cache in the model dir', () => {
  let modelDir: string;
  beforeEach(() => {
    modelDir = mkdtempSync(join(tmpdir(), 'kefu-intent-cache-'));
  });
  afterEach(() => rmSync(modelDir, { recursive: true, force: true }));

  it('trains and saves on first use, then loads the same model from disk', () => {
    const first = loadOrTrainClassifier({ modelDir, scope: 'standard', corpus: SMALL_CORPUS, codeDigest: 'v1' });
    expect(first.fromCache).toBe(false);
    expect(readdirSync(modelDir)).toEqual(['intent-standard.bin']);

    const second = loadOrTrainClassifier({ modelDir, scope: 'standard', corpus: SMALL_CORPUS, codeDigest: 'v1' });
    expect(second.fromCache).toBe(true);
    expect(second.classifier.intents).toEqual(first.classifier.intents);
    expect(second.classifier.temperature).toBe(first.classifier.temperature);
    expect(predictions(second.classifier)).toEqual(predictions(first.classifier));
    expect(second.classifier.predict('我想退货').intent).toBe('refund.request');
  });

  it('retrains when the corpus, the code or the merchant intents change', () => {
    const base = { modelDir, scope: 'standard', corpus: SMALL_CORPUS, codeDigest: 'v1' };
    expect(loadOrTrainClassifier(base).fromCache).toBe(false);

    const widened = [...SMALL_CORPUS, { text: '发票怎么开', intent: 'invoice.request' }, { text: '要开发票', intent: 'invoice.request' }];
    const changedCorpus = loadOrTrainClassifier({ ...base, corpus: widened });
    expect(changedCorpus.fromCache).toBe(false);
    expect(changedCorpus.classifier.intents).toContain('invoice.request');
    // The file now holds the new model: asking for it again loads it.
    expect(loadOrTrainClassifier({ ...base, corpus: widened }).fromCache).toBe(true);

    expect(loadOrTrainClassifier({ ...base, corpus: widened, codeDigest: 'v2' }).fromCache).toBe(false);

    const merchant = [{ text: '能刻字吗', intent: 'engraving' }, { text: '可以定制刻名字吗', intent: 'engraving' }];
    const withMerchant = loadOrTrainClassifier({ ...base, corpus: widened, codeDigest: 'v2', merchantExamples: merchant });
    expect(withMerchant.fromCache).toBe(false);
    expect(withMerchant.classifier.intents).toContain('engraving');
  });

  it('keeps one file per scope, so a tenant model never replaces the shared one', () => {
    loadOrTrainClassifier({ modelDir, scope: 'standard', corpus: SMALL_CORPUS, codeDigest: 'v1' });
    loadOrTrainClassifier({ modelDir, scope: 'tenant-7', corpus: SMALL_CORPUS, codeDigest: 'v1', merchantExamples: [{ text: '能刻字吗', intent: 'engraving' }] });
    expect(readdirSync(modelDir).sort()).toEqual(['intent-standard.bin', 'intent-tenant-7.bin']);
    expect(loadOrTrainClassifier({ modelDir, scope: 'standard', corpus: SMALL_CORPUS, codeDigest: 'v1' }).fromCache).toBe(true);
  });

  it('retrains over a damaged or truncated file and leaves no temp files behind', () => {
    loadOrTrainClassifier({ modelDir, scope: 'standard', corpus: SMALL_CORPUS, codeDigest: 'v1' });
    const file = join(modelDir, 'intent-standard.bin');
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length - 100));
    expect(() => IntentClassifier.deserialize(readFileSync(file))).toThrow(/bytes, expected/);
    const repaired = loadOrTrainClassifier({ modelDir, scope: 'standard', corpus: SMALL_CORPUS, codeDigest: 'v1' });
    expect(repaired.fromCache).toBe(false);
    expect(statSync(file).size).toBe(whole.length);

    writeFileSync(file, 'not a model at all');
    expect(loadOrTrainClassifier({ modelDir, scope: 'standard', corpus: SMALL_CORPUS, codeDigest: 'v1' }).fromCache).toBe(false);
    expect(readdirSync(modelDir)).toEqual(['intent-standard.bin']);
  });

  it('a second server boot on the same data dir loads the real model instead of training it', () => {
    const logger = createLogger('silent');
    const firstBoot = new NluService(modelDir, logger);
    expect(firstBoot.warmUp().fromCache).toBe(false);
    const secondBoot = new NluService(modelDir, logger);
    expect(secondBoot.warmUp().fromCache).toBe(true);
  }, 120_000);
});
