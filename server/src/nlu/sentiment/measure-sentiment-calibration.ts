/**
 * `npx tsx server/src/nlu/sentiment/measure-sentiment-calibration.ts [reviews.csv]`: fits the one number that
 * moves the project-trained model onto real reviews (CALIBRATED_BIAS_SHIFT in train-sentiment-model.ts),
 * by 5-fold cross-validation on the review TRAIN split only (index % 10 != 0; the test split is never
 * read). Prints each fold's held-out accuracy, then the shift fitted on the whole train split.
 */
import { sharedDataPath } from '../../shared-data-path';
import { isTestRow, loadReviewRows } from './review-dataset';
import { trainSentimentModel } from './train-sentiment-model';

const FOLDS = 5;
const GRID = Array.from({ length: 161 }, (_, i) => -4 + i * 0.05);

/** Rows are (logit, gold negative); a shift s calls a row negative when logit + s < 0. */
function errors(rows: [number, boolean][], shift: number): number {
  let wrong = 0;
  for (const [z, negative] of rows) if (z + shift < 0 !== negative) wrong += 1;
  return wrong;
}

function bestShift(rows: [number, boolean][]): number {
  let best = 0;
  let fewest = Infinity;
  for (const shift of GRID) {
    const wrong = errors(rows, shift);
    // Ties go to the shift nearest zero: the smallest change that does as well.
    if (wrong < fewest || (wrong === fewest && Math.abs(shift) < Math.abs(best))) [best, fewest] = [shift, wrong];
  }
  return best;
}

function main(): void {
  const path = process.argv[2] ?? sharedDataPath('online-shopping-reviews', 'online_shopping_10_cats.csv');
  const train = loadReviewRows(path).filter((row) => !isTestRow(row.index));
  const model = trainSentimentModel({ calibrated: false });
  const scored = train.map((row) => {
    const p = Math.min(1 - 1e-9, Math.max(1e-9, model.positiveProbability(row.text)));
    return { fold: row.index % FOLDS, z: Math.log(p / (1 - p)), negative: row.label === 0 };
  });
  let correct = 0;
  for (let fold = 0; fold < FOLDS; fold += 1) {
    const fit = scored.filter((r) => r.fold !== fold).map((r): [number, boolean] => [r.z, r.negative]);
    const held = scored.filter((r) => r.fold === fold).map((r): [number, boolean] => [r.z, r.negative]);
    const shift = bestShift(fit);
    const heldCorrect = held.length - errors(held, shift);
    correct += heldCorrect;
    console.log(`fold ${fold}: shift ${shift.toFixed(2)}, held-out accuracy ${(heldCorrect / held.length).toFixed(4)} (uncalibrated ${((held.length - errors(held, 0)) / held.length).toFixed(4)})`);
  }
  const all = scored.map((r): [number, boolean] => [r.z, r.negative]);
  console.log(`cross-validated accuracy (model alone): ${(correct / scored.length).toFixed(4)} on ${scored.length} train-split rows`);
  const shift = bestShift(all);
  console.log(`CALIBRATED_BIAS_SHIFT = ${shift.toFixed(2)}`);
  // The product answers through analyze() (anger, neutral-question and opinion layers on top).
  const shifted = model.withBiasShift(shift);
  const agree = train.filter((row) => (shifted.analyze(row.text).label === 'negative') === (row.label === 0)).length;
  console.log(`analyze() accuracy on the train split with that shift: ${(agree / train.length).toFixed(4)}`);
}

main();
