import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sharedDataPath } from '../../shared-data-path';
import { isTestRow, loadReviewRows } from './review-dataset';
import { SentimentAnalyzer } from './sentiment-analyzer';

const MODEL_FILE = 'models/sentiment-v1.bin';

/**
 * The review-trained sentiment model. The reviews may be trained on but not redistributed, so the
 * repository ships neither them nor weights: the model is trained once from ../shared/data (test
 * split excluded) and cached under the data directory. Where neither exists, null: sentiment then
 * falls back to the customer-service lexicon.
 */
export function loadSentimentModel(dataDir: string, reviewsPath = sharedDataPath('online-shopping-reviews', 'online_shopping_10_cats.csv')): SentimentAnalyzer | null {
  const cached = join(dataDir, MODEL_FILE);
  if (existsSync(cached)) return SentimentAnalyzer.deserialize(readFileSync(cached));
  if (!existsSync(reviewsPath)) return null;
  const rows = loadReviewRows(reviewsPath).filter((row) => !isTestRow(row.index));
  const model = SentimentAnalyzer.train(rows);
  mkdirSync(dirname(cached), { recursive: true });
  writeFileSync(cached, model.serialize());
  return model;
}
