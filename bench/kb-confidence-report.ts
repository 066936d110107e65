import type { Half } from './kb-afqmc';

/** A question's answer confidence and whether the top entry was right (always wrong when the knowledge base does not cover it). */
export interface ScoredAnswer {
  source: 'afqmc' | 'faq' | 'out-of-scope';
  half: Half;
  confidence: number;
  correct: boolean;
}

const SETS = [
  ['afqmc', 'afqmc dev, look-alike distractors'],
  ['faq', 'written e-commerce FAQ'],
  ['out-of-scope', 'written out-of-scope questions'],
] as const;
const BUCKETS = [0, 0.2, 0.4, 0.6, 0.8, 1.01];
const ECE_BINS = 10;

/** Expected calibration error: |mean confidence − accuracy| per tenth of the range, weighted by questions. */
export function expectedCalibrationError(answers: readonly ScoredAnswer[]): number {
  let error = 0;
  for (let bin = 0; bin < ECE_BINS; bin += 1) {
    const inBin = answers.filter((a) => Math.min(ECE_BINS - 1, Math.floor(a.confidence * ECE_BINS)) === bin);
    if (inBin.length === 0) continue;
    const meanConfidence = inBin.reduce((sum, a) => sum + a.confidence, 0) / inBin.length;
    const accuracy = inBin.filter((a) => a.correct).length / inBin.length;
    error += Math.abs(meanConfidence - accuracy) * inBin.length;
  }
  return answers.length === 0 ? 0 : error / answers.length;
}

/**
 * What a threshold does on each held-out set: how many questions are answered, how many of those
 * are right (precision), how many of the right top-1s get answered (recall), and calibration.
 */
export function heldOutConfidenceReport(answers: readonly ScoredAnswer[], threshold: number): string[] {
  const rows = [
    `| held-out set | questions | top-1 right | answered at ≥ ${threshold} | precision of answered | recall of right answers | ECE |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : '–');
  for (const [source, label] of SETS) {
    const set = answers.filter((a) => a.source === source && a.half === 'held-out');
    const right = set.filter((a) => a.correct).length;
    const answered = set.filter((a) => a.confidence >= threshold);
    const answeredRight = answered.filter((a) => a.correct).length;
    rows.push(`| ${label} | ${set.length} | ${right} | ${answered.length} | ${pct(answeredRight / answered.length)} | ${pct(answeredRight / right)} | ${expectedCalibrationError(set).toFixed(3)} |`);
  }
  rows.push('', '| confidence | ' + SETS.map(([, label]) => `${label}: questions, mean confidence, top-1 right`).join(' | ') + ' |', '| --- |' + ' --- |'.repeat(SETS.length));
  for (let i = 0; i + 1 < BUCKETS.length; i += 1) {
    const cells = SETS.map(([source]) => {
      const inBucket = answers.filter((a) => a.source === source && a.half === 'held-out' && a.confidence >= BUCKETS[i] && a.confidence < BUCKETS[i + 1]);
      if (inBucket.length === 0) return '0';
      const mean = inBucket.reduce((sum, a) => sum + a.confidence, 0) / inBucket.length;
      return `${inBucket.length}, ${mean.toFixed(2)}, ${(inBucket.filter((a) => a.correct).length / inBucket.length).toFixed(2)}`;
    });
    rows.push(`| ${BUCKETS[i].toFixed(1)}–${Math.min(1, BUCKETS[i + 1]).toFixed(1)} | ${cells.join(' | ')} |`);
  }
  return rows;
}
