import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestSources } from '../source-digest';
import { writeFileAtomic } from '../write-file-atomic';
import { SentimentAnalyzer } from './sentiment-analyzer';
import { trainSentimentModel } from './train-sentiment-model';

// The corpus is generated from these sources (the intent corpus supplies the neutral requests, jieba
// the word features): their digest names the cached weights, so a change to any of them retrains.
const SOURCE_DIRS = [__dirname, join(__dirname, 'corpus'), join(__dirname, '..', 'intent'), join(__dirname, '..', 'text')];

let cachedDigest: string | null = null;

/** File name of the cached weights for this build's sources. */
export function sentimentModelFile(): string {
  cachedDigest ??= digestSources(SOURCE_DIRS, ['@node-rs/jieba']);
  return `sentiment-${cachedDigest.slice(0, 16)}.bin`;
}

/**
 * The product's sentiment model: trained at start from the project's own corpus (seconds, no outside
 * data), or loaded from the model directory where an earlier start with the same sources left it.
 * Always available: a missing, unwritable or damaged cache only costs a training run.
 */
export function loadSentimentModel(modelDir: string): { model: SentimentAnalyzer; fromCache: boolean } {
  const file = join(modelDir, sentimentModelFile());
  try {
    return { model: SentimentAnalyzer.deserialize(readFileSync(file)), fromCache: true };
  } catch {
    // absent or damaged: train below
  }
  const model = trainSentimentModel();
  writeFileAtomic(file, model.serialize());
  return { model, fromCache: false };
}
