import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataPath } from '../../shared-data-path';
import { isTestRow, loadReviewRows } from './review-dataset';
import { SentimentAnalyzer } from './sentiment-analyzer';
import { writeFileAtomic } from '../write-file-atomic';

const MODEL_FILE = 'sentiment-v1.bin';

/**
 * The review-trained sentiment model. The reviews may be trained on but not redistributed, so the
 * repository ships neither them nor weights: the model is trained once from ../shared/data (test
 * split excluded) and cached in the model directory (see modelCacheDir). Where neither exists, null: sentiment then
 * falls back to the customer-service lexicon.
 */
export function loadSentimentModel(modelDir: string, reviewsPath = sharedDataPath('online-shopping-reviews', 'online_shopping_10_cats.csv')): SentimentAnalyzer | null {
  const cached = join(modelDir, MODEL_FILE);
  if (existsSync(cached)) return SentimentAnalyzer.deserialize(readFileSync(cached));
  if (!existsSync(reviewsPath)) return null;
  const rows = loadReviewRows(reviewsPath).filter((row) => !isTestRow(row.index));
  const model = SentimentAnalyzer.train(rows);
  writeFileAtomic(cached, model.serialize());
  return model;
}
