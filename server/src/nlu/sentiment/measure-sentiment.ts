/**
 * `npx tsx server/src/nlu/sentiment/measure-sentiment.ts [reviews.csv] [--compare]`: measures the
 * sentiment model the product ships (trained from the project's own corpus, as in a fresh clone) on
 * the WHOLE review test split (index % 10 == 0): negative-detection accuracy (analyze() says negative ↔
 * gold label 0), negative recall and precision, per category, and the start-up training time.
 * `--compare` also trains the same analyzer on the review train split, the ceiling the reviews would
 * give if their licence allowed shipping such weights (it does not).
 */
import { sharedDataPath } from '../../shared-data-path';
import { isTestRow, loadReviewRows, type ReviewRow } from './review-dataset';
import { SentimentAnalyzer } from './sentiment-analyzer';
import { trainSentimentModel } from './train-sentiment-model';

interface Score {
  accuracy: number;
  modelAlone: number;
  recall: number;
  precision: number;
  byCategory: Map<string, [number, number]>;
}

function score(analyzer: SentimentAnalyzer, rows: ReviewRow[]): Score {
  let correct = 0;
  let alone = 0;
  const c = { tp: 0, fp: 0, fn: 0 };
  const byCategory = new Map<string, [number, number]>();
  for (const row of rows) {
    const negative = analyzer.analyze(row.text).label === 'negative';
    const gold = row.label === 0;
    if (negative === gold) correct += 1;
    if (analyzer.positiveProbability(row.text) < 0.5 === gold) alone += 1;
    if (negative && gold) c.tp += 1;
    else if (negative) c.fp += 1;
    else if (gold) c.fn += 1;
    const cat = byCategory.get(row.cat) ?? [0, 0];
    cat[0] += negative === gold ? 1 : 0;
    cat[1] += 1;
    byCategory.set(row.cat, cat);
  }
  return { accuracy: correct / rows.length, modelAlone: alone / rows.length, recall: c.tp / (c.tp + c.fn), precision: c.tp / (c.tp + c.fp), byCategory };
}

function print(name: string, s: Score): void {
  console.log(`${name}: accuracy ${s.accuracy.toFixed(4)} (model alone ${s.modelAlone.toFixed(4)}), negative recall ${s.recall.toFixed(4)}, precision ${s.precision.toFixed(4)}`);
  console.log(`  by category: ${[...s.byCategory].map(([cat, [ok, n]]) => `${cat} ${(ok / n).toFixed(3)} (${n})`).join(', ')}`);
}

function main(): void {
  const args = process.argv.slice(2);
  const path = args.find((a) => !a.startsWith('--')) ?? sharedDataPath('online-shopping-reviews', 'online_shopping_10_cats.csv');
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const shipped = trainSentimentModel();
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  console.log(`shipped model: corpus generation + training ${wallMs.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (first start; later starts load it from the model dir)`);
  const rows = loadReviewRows(path);
  const test = rows.filter((r) => isTestRow(r.index));
  console.log(`review test split: ${test.length} rows (whole split)`);
  print('shipped model (project corpus only, as in a fresh clone)', score(shipped, test));
  if (args.includes('--compare')) {
    const reviewTrained = SentimentAnalyzer.train(rows.filter((r) => !isTestRow(r.index)));
    print('comparison: same analyzer trained on the review train split (not shippable)', score(reviewTrained, test));
  }
}

main();
