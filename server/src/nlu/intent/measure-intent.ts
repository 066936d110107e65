/**
 * Dev-set measurement for the intent classifier: `npx tsx server/src/nlu/intent/measure-intent.ts
 * [dialogs.jsonl gold.jsonl]`. Trains on the project corpus, classifies every gold turn on its own
 * (no dialog context), prints accuracy overall/per tag/per intent and speed on stdout, failures on stderr.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntentClassifier } from './intent-classifier';
import { buildTrainingCorpus } from './training-corpus';
import { sharedDataPath } from '../../shared-data-path';

interface GoldRow {
  id: string;
  turn: number;
  intent: string;
  tags?: string[];
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

function main(): void {
  const dataDir = sharedDataPath('nlu-dev');
  const dialogsPath = process.argv[2] ?? join(dataDir, 'dialogs.jsonl');
  const goldPath = process.argv[3] ?? join(dataDir, 'gold.jsonl');
  const turns = new Map<string, string[]>();
  for (const d of readJsonl<{ id: string; turns: string[] }>(dialogsPath)) turns.set(d.id, d.turns);
  const gold = readJsonl<GoldRow>(goldPath);

  const corpus = buildTrainingCorpus();
  const t0 = process.hrtime.bigint();
  const classifier = IntentClassifier.train(corpus);
  const trainSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

  let correct = 0;
  const perTag = new Map<string, [number, number]>();
  const perIntent = new Map<string, [number, number]>();
  const bump = (m: Map<string, [number, number]>, key: string, ok: boolean): void => {
    const cell = m.get(key) ?? [0, 0];
    cell[0] += ok ? 1 : 0;
    cell[1] += 1;
    m.set(key, cell);
  };
  for (const row of gold) {
    const text = (turns.get(row.id)?.[row.turn] ?? '').normalize('NFKC');
    const prediction = classifier.predict(text);
    const ok = prediction.intent === row.intent;
    if (ok) correct += 1;
    else process.stderr.write(`MISS ${row.id}#${row.turn} gold=${row.intent} got=${prediction.intent} (${prediction.confidence}) ${JSON.stringify(text)}\n`);
    bump(perIntent, row.intent, ok);
    for (const tag of row.tags ?? []) bump(perTag, tag, ok);
  }

  const texts = gold.map((row) => (turns.get(row.id)?.[row.turn] ?? '').normalize('NFKC'));
  const reps = Math.max(1, Math.ceil(5000 / texts.length));
  const t1 = process.hrtime.bigint();
  for (let r = 0; r < reps; r += 1) for (const text of texts) classifier.predict(text);
  const predictSeconds = Number(process.hrtime.bigint() - t1) / 1e9;

  const fmt = (m: Map<string, [number, number]>): string =>
    [...m.entries()].sort().map(([k, [ok, n]]) => `  ${k.padEnd(22)} ${(ok / n).toFixed(3)} (${ok}/${n})`).join('\n');
  console.log(`corpus examples: ${corpus.length}; temperature: ${classifier.temperature.toFixed(2)}`);
  console.log(`training seconds: ${trainSeconds.toFixed(2)}`);
  console.log(`turns/s: ${Math.round((reps * texts.length) / predictSeconds)}`);
  console.log(`accuracy: ${(correct / gold.length).toFixed(3)} (${correct}/${gold.length})`);
  console.log(`per tag:\n${fmt(perTag)}`);
  console.log(`per intent:\n${fmt(perIntent)}`);
}

main();
