/**
 * `npx tsx server/src/nlu/sentiment/measure-sentiment.ts [reviews.csv]`: trains the analyzer on the
 * non-test rows of the review CSV and reports negative-detection accuracy (label 0 ↔ negative) on a
 * stratified (category × label) sample of 4,000 test-split rows, plus training time.
 */
import { SentimentAnalyzer } from './sentiment-analyzer';
import { isTestRow, loadReviewRows, type ReviewRow } from './review-dataset';
import { sharedDataPath } from '../../shared-data-path';

function stratifiedSample(rows: ReviewRow[], size: number): ReviewRow[] {
  const groups = new Map<string, ReviewRow[]>();
  for (const row of rows) {
    const key = `${row.cat}|${row.label}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const out: ReviewRow[] = [];
  for (const group of groups.values()) {
    const take = Math.round((group.length / rows.length) * size);
    // Evenly spaced picks: deterministic, and spread over the whole stratum.
    for (let i = 0; i < take; i += 1) out.push(group[Math.floor((i * group.length) / take)]);
  }
  return out.slice(0, size);
}

function main(): void {
  const path = process.argv[2] ?? sharedDataPath('online-shopping-reviews', 'online_shopping_10_cats.csv');
  const t0 = process.hrtime.bigint();
  const rows = loadReviewRows(path);
  const train = rows.filter((r) => !isTestRow(r.index));
  const test = rows.filter((r) => isTestRow(r.index));
  const t1 = process.hrtime.bigint();
  const analyzer = SentimentAnalyzer.train(train);
  const t2 = process.hrtime.bigint();
  const sample = stratifiedSample(test, 4000);
  let correct = 0;
  let rawCorrect = 0;
  const confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const row of sample) {
    const negative = analyzer.analyze(row.text).label === 'negative';
    const gold = row.label === 0;
    if (negative === gold) correct += 1;
    if (analyzer.positiveProbability(row.text) < 0.5 === gold) rawCorrect += 1;
    if (negative && gold) confusion.tp += 1;
    else if (negative) confusion.fp += 1;
    else if (gold) confusion.fn += 1;
    else confusion.tn += 1;
  }
  console.log(`rows: train ${train.length}, test ${test.length}, sample ${sample.length}`);
  console.log(`load seconds: ${(Number(t1 - t0) / 1e9).toFixed(2)}; training seconds: ${(Number(t2 - t1) / 1e9).toFixed(2)}`);
  console.log(`negative-detection accuracy: ${(correct / sample.length).toFixed(4)} (model alone ${(rawCorrect / sample.length).toFixed(4)})`);
  console.log(`confusion (negative = positive class): ${JSON.stringify(confusion)}`);
}

main();
