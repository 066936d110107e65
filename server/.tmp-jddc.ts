import { NluEngine } from './src/nlu/engine/nlu-engine';
import { loadJddcSample, isRequestTurn } from './src/nlu/intent/jddc-sample';
import { KeywordUnderstander } from './src/nlu/keyword-understander';
async function main() {
const sample = loadJddcSample();
const engine = new NluEngine({ catalog: [], classifier: NluEngine.trainClassifier() });
const kw = new KeywordUnderstander();
let hit=0, req=0, reqHit=0, kwHit=0;
for (const t of sample) {
  const r = engine.parse(t.text).result;
  const ok = t.intents.includes(r.intent);
  const k = (await kw.understand(t.text, {}, { id: 0, orderNumberPattern: null } as never)).intent;
  if (t.intents.includes(k)) kwHit++;
  if (ok) hit++;
  if (isRequestTurn(t)) { req++; if (ok) reqHit++; }
  if (!ok) console.log(t.line, t.text.slice(0,50), '=>', r.intent, r.confidence, 'gold', t.intents.join('|'));
}
console.log('all', hit, sample.length, 'request', reqHit, req, 'keyword', kwHit);
}
void main();
