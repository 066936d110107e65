import { readFileSync } from 'node:fs';
const root = process.argv[2];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NluEngine } = require(`${root}/nlu/engine/nlu-engine`);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { emptyDialogContext } = require(`${root}/nlu/engine/dialog-context`);
const dev = '/work/shared/data/nlu-dev';
const catalog = JSON.parse(readFileSync(`${dev}/catalog.json`, 'utf8')).products;
const dialogs = readFileSync(`${dev}/dialogs.jsonl`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const engine = new NluEngine({ catalog, classifier: NluEngine.trainClassifier() });
const run = (rounds: number) => { for (let r = 0; r < rounds; r++) for (const d of dialogs) { let c = emptyDialogContext(); for (const t of d.turns) c = engine.parse(t, c).context; } };
run(3);
const c0 = process.cpuUsage(); run(30); const u = process.cpuUsage(c0);
console.log(root.includes('kefu-head') ? 'HEAD' : 'NEW ', (30 * 134 / ((u.user + u.system) / 1e6)).toFixed(0), 'turns per CPU-second');
