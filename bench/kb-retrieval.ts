/**
 * `npm run bench:kb`: knowledge retrieval quality and speed, through the same path as
 * `npm run kb-eval` (throwaway tenant in the configured database, the server's embedder, Chroma).
 *
 * 1. Quality on afqmc dev: entries = the distinct second questions of all pairs (so most are
 *    distractors), queries = the first question of each paraphrase pair (label 1), gold = its
 *    second question. Ours (and its ablations) beside a plain character-bigram BM25 baseline.
 * 2. Latency per query on a synthetic 10,000-entry knowledge base; import+index time of 1,000.
 *
 * Without KEFU_DATA_DIR the run uses a temporary directory, so a developer's ./data is not touched.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig } from '@kefu/shared';
import { BigramBm25 } from '../server/src/cli/kb-eval-bigram-bm25';
import type { EvalDoc } from '../server/src/cli/kb-eval-input';
import { scoreRankings } from '../server/src/cli/kb-eval-metrics';
import { withEvalTenant } from '../server/src/cli/kb-eval-tenant';
import { createEmbedder } from '../server/src/knowledge/retrieval/create-embedder';
import { estimateConfidence } from '../server/src/knowledge/retrieval/estimate-confidence';
import type { RetrievalStages } from '../server/src/knowledge/retrieval/knowledge-retriever';
import { createRuntime } from '../server/src/runtime';
import { sharedDataPath } from '../server/src/shared-data-path';
import { demoKnowledge } from '../server/src/demo/demo-knowledge';
import { ecommerceFaqQueries } from './kb-ecommerce-faq-queries';

const AFQMC = process.env.AFQMC_PATH ?? sharedDataPath('afqmc', 'dev.json');
const LATENCY_ENTRIES = Number(process.env.BENCH_KB_ENTRIES ?? 10_000);
const LATENCY_QUERIES = 500;

function loadAfqmc(): { docs: EvalDoc[]; queries: { id: string; text: string; gold: string }[] } {
  const rows = readFileSync(AFQMC, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { sentence1: string; sentence2: string; label: string });
  const docIds = new Map<string, string>();
  for (const row of rows) if (!docIds.has(row.sentence2)) docIds.set(row.sentence2, `d${docIds.size}`);
  const docs = [...docIds].map(([text, id]) => ({ id, text }));
  const queries = rows.filter((r) => r.label === '1').map((r, i) => ({ id: `q${i}`, text: r.sentence1, gold: docIds.get(r.sentence2) as string }));
  return { docs, queries };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Deterministic PRNG (mulberry32) so the synthetic KB is the same every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRODUCTS = ['连衣裙', '运动鞋', '电饭煲', '空气净化器', '电动牙刷', '蓝牙耳机', '保温杯', '羽绒服', '面膜', '口红', '手机壳', '充电宝', '扫地机器人', '电热水壶', '牛仔裤', '双肩包', '洗面奶', '床上四件套', '茶叶', '坚果礼盒', '儿童积木', '猫粮', '瑜伽垫', '行李箱', '机械键盘'];
const TOPICS = ['怎么退货', '多久发货', '可以开发票吗', '有优惠券吗', '支持花呗分期吗', '质量有问题怎么办', '尺码怎么选', '能发顺丰吗', '包邮吗', '怎么清洗保养', '保修多久', '可以换货吗', '有没有赠品', '什么时候补货', '价格会降吗', '是正品吗', '怎么使用', '退款多久到账', '能改地址吗', '少发了配件怎么办'];
const FACTS = ['付款后48小时内发货', '7天无理由退换', '支持电子普通发票', '满99元包邮', '保修一年', '原路退回1-3个工作日到账', '顺丰需补差价10元', '赠品随主商品发出', '大促期间72小时内发货', '质量问题我们承担运费'];

function synthesiseKb(count: number, rand: () => number): EvalDoc[] {
  return Array.from({ length: count }, (_, i) => {
    const product = PRODUCTS[i % PRODUCTS.length];
    const topic = TOPICS[Math.floor(i / PRODUCTS.length) % TOPICS.length];
    const variant = Math.floor(i / (PRODUCTS.length * TOPICS.length));
    const facts = Array.from({ length: 3 + Math.floor(rand() * 8) }, () => FACTS[Math.floor(rand() * FACTS.length)]);
    return { id: `s${i}`, title: `${product}（款式${variant + 1}）${topic}？`, text: `关于${product}款式${variant + 1}：${facts.join('；')}。如有疑问请联系在线客服，服务时间9:00-24:00。` };
  });
}

function fitConfidence(samples: { top: number; second: number; correct: boolean }[]): { intercept: number; top: number; margin: number } {
  // Plain logistic regression by gradient descent: three coefficients, a few thousand samples.
  let w = [0, 0, 0];
  for (let epoch = 0; epoch < 3000; epoch += 1) {
    const grad = [0, 0, 0];
    for (const s of samples) {
      const x = [1, s.top, Math.max(0, s.top - s.second)];
      const p = 1 / (1 + Math.exp(-(w[0] * x[0] + w[1] * x[1] + w[2] * x[2])));
      for (let j = 0; j < 3; j += 1) grad[j] += (p - (s.correct ? 1 : 0)) * x[j];
    }
    w = w.map((v, j) => v - (2 / samples.length) * grad[j]);
  }
  return { intercept: w[0], top: w[1], margin: w[2] };
}

async function main(): Promise<void> {
  const tempDir = process.env.KEFU_DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'kefu-bench-kb-'));
  const env = { ...process.env, KEFU_DATA_DIR: process.env.KEFU_DATA_DIR ?? tempDir, LOG_LEVEL: process.env.LOG_LEVEL || 'warn', RUN_WORKERS: 'false' };
  const config = parseConfig(env);
  const logger = pino({ level: config.LOG_LEVEL }, pino.destination(2));
  const runtime = await createRuntime(config, logger);
  const rows: string[] = [];
  try {
    const embedder = await createEmbedder(config);
    const { docs, queries } = loadAfqmc();
    process.stderr.write(`afqmc: ${docs.length} entries, ${queries.length} paraphrase queries; embedder ${embedder.id}\n`);

    const baseline = new BigramBm25(docs.map((d) => d.text));
    const base = scoreRankings(queries.map((q) => ({ gold: q.gold, ranked: baseline.search(q.text, 10).map((h) => docs[h.doc].id) })));
    const quality: Record<string, ReturnType<typeof scoreRankings>> = {};
    const samples: { top: number; second: number; correct: boolean }[] = [];
    let defaultStages: RetrievalStages = 'full';
    await withEvalTenant(runtime, embedder, docs, async ({ tenantId, retriever, indexMs }) => {
      process.stderr.write(`afqmc indexed in ${(indexMs / 1000).toFixed(1)} s\n`);
      defaultStages = retriever.defaultStages;
      for (const stages of ['full', 'fusion', 'lexical', 'vector'] as RetrievalStages[]) {
        const rankings = [];
        for (const q of queries) {
          const results = await retriever.search(tenantId, q.text, 10, stages);
          rankings.push({ gold: q.gold, ranked: results.map((r) => r.slug) });
          if (stages === defaultStages && results[0]) samples.push({ top: results[0].score, second: results[1]?.score ?? 0, correct: results[0].slug === q.gold });
        }
        quality[stages] = scoreRankings(rankings);
      }
    });

    // Reliability of answer() confidence on the same queries: predicted vs observed top-1 accuracy.
    const buckets = [0, 0.2, 0.4, 0.6, 0.8, 1.01];
    const reliability = buckets.slice(0, -1).map((lo, i) => {
      const inBucket = samples.filter((s) => {
        const c = estimateConfidence(s.top, s.second, defaultStages);
        return c >= lo && c < buckets[i + 1];
      });
      const meanConf = inBucket.reduce((sum, s) => sum + estimateConfidence(s.top, s.second, defaultStages), 0) / Math.max(1, inBucket.length);
      const accuracy = inBucket.filter((s) => s.correct).length / Math.max(1, inBucket.length);
      return `| ${lo.toFixed(1)}–${Math.min(1, buckets[i + 1]).toFixed(1)} | ${inBucket.length} | ${meanConf.toFixed(2)} | ${accuracy.toFixed(2)} |`;
    });
    const fitted = fitConfidence(samples);

    // Held-out e-commerce FAQ: the demo merchant's 40 entries, questions written for the set (never tuned on).
    const faqDocs: EvalDoc[] = demoKnowledge.map((e) => ({ id: e.id, title: e.title, text: e.answer, similarQuestions: e.similarQuestions, keywords: e.keywords }));
    const faqBaseline = new BigramBm25(faqDocs.map((d) => `${d.title ?? ''} ${(d.similarQuestions ?? []).join(' ')} ${d.text}`));
    const faqBase = scoreRankings(ecommerceFaqQueries.map((q) => ({ gold: q.gold, ranked: faqBaseline.search(q.text, 10).map((h) => faqDocs[h.doc].id) })));
    let faq = scoreRankings([]);
    await withEvalTenant(runtime, embedder, faqDocs, async ({ tenantId, retriever }) => {
      const rankings = [];
      for (const q of ecommerceFaqQueries) rankings.push({ gold: q.gold, ranked: (await retriever.search(tenantId, q.text, 10)).map((r) => r.slug) });
      faq = scoreRankings(rankings);
    });

    // Speed: synthetic KB.
    const rand = random(7);
    const kb = synthesiseKb(LATENCY_ENTRIES, rand);
    const latencyQueries = Array.from({ length: LATENCY_QUERIES }, () => {
      const product = PRODUCTS[Math.floor(rand() * PRODUCTS.length)];
      const topic = TOPICS[Math.floor(rand() * TOPICS.length)];
      return rand() < 0.5 ? `${product}${topic}` : `请问${topic.replace('吗', '')}，我买的是${product}`;
    });
    let latency = { p50: 0, p99: 0, mean: 0, indexS: 0 };
    await withEvalTenant(runtime, embedder, kb, async ({ tenantId, retriever, indexMs, importMs }) => {
      for (const q of latencyQueries.slice(0, 20)) await retriever.search(tenantId, q, 10); // warm-up
      const times: number[] = [];
      for (const q of latencyQueries) {
        const t = performance.now();
        await retriever.search(tenantId, q, 10);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      latency = { p50: percentile(times, 50), p99: percentile(times, 99), mean: times.reduce((a, b) => a + b, 0) / times.length, indexS: (importMs + indexMs) / 1000 };
    });
    let importThousand = { importMs: 0, indexMs: 0 };
    await withEvalTenant(runtime, embedder, synthesiseKb(1000, random(11)), async ({ importMs, indexMs }) => {
      importThousand = { importMs, indexMs };
    });

    const pct = (v: number): string => (v * 100).toFixed(1) + '%';
    rows.push(`## Knowledge retrieval (embedder \`${embedder.id}\`)`, '');
    rows.push(`afqmc dev: ${docs.length} entries, ${queries.length} paraphrase queries`, '');
    rows.push('| system | hit@1 | hit@5 | MRR@10 |', '| --- | --- | --- | --- |');
    rows.push(`| bigram BM25 baseline | ${pct(base.hit1)} | ${pct(base.hit5)} | ${base.mrr10.toFixed(4)} |`);
    for (const [name, label] of [['full', 'ours: hybrid + rerank'], ['fusion', 'ours: RRF fusion only'], ['lexical', 'ours: lexical (BM25F + phrasing)'], ['vector', 'ours: vector only']] as const) {
      const m = quality[name];
      rows.push(`| ${label}${name === defaultStages ? ' — **default**' : ''} | ${pct(m.hit1)} | ${pct(m.hit5)} | ${m.mrr10.toFixed(4)} |`);
    }
    rows.push('', `MRR@10 ratio default (${defaultStages}) / baseline: **${(quality[defaultStages].mrr10 / base.mrr10).toFixed(3)}×** (goal ≥ 1.2×; lexical weights tuned on this same afqmc dev set)`, '');
    rows.push(`Held-out e-commerce FAQ (demo merchant, ${demoKnowledge.length} entries, ${ecommerceFaqQueries.length} written paraphrases):`, '');
    rows.push('| system | hit@1 | hit@5 | MRR@10 |', '| --- | --- | --- | --- |');
    rows.push(`| bigram BM25 baseline | ${pct(faqBase.hit1)} | ${pct(faqBase.hit5)} | ${faqBase.mrr10.toFixed(4)} |`);
    rows.push(`| ours (default: ${defaultStages}) | ${pct(faq.hit1)} | ${pct(faq.hit5)} | ${faq.mrr10.toFixed(4)} |`, '', `hit@5 goal ≥ 90%: ${faq.hit5 >= 0.9 ? 'met' : 'not met'}`, '');
    rows.push('| confidence bucket | queries | mean confidence | top-1 accuracy |', '| --- | --- | --- | --- |', ...reliability);
    rows.push('', `fitted logistic (intercept, top, margin): ${fitted.intercept.toFixed(2)}, ${fitted.top.toFixed(2)}, ${fitted.margin.toFixed(2)}`, '');
    rows.push('| speed | value |', '| --- | --- |');
    rows.push(`| search p50 @ ${LATENCY_ENTRIES} entries | ${latency.p50.toFixed(1)} ms |`);
    rows.push(`| search p99 @ ${LATENCY_ENTRIES} entries | ${latency.p99.toFixed(1)} ms |`);
    rows.push(`| search mean @ ${LATENCY_ENTRIES} entries | ${latency.mean.toFixed(1)} ms |`);
    rows.push(`| import + index ${LATENCY_ENTRIES} entries | ${latency.indexS.toFixed(1)} s |`);
    rows.push(`| import 1,000 entries (DB rows) | ${importThousand.importMs.toFixed(0)} ms |`);
    rows.push(`| index 1,000 entries (lexical + embed + Chroma) | ${importThousand.indexMs.toFixed(0)} ms |`);
    process.stdout.write(rows.join('\n') + '\n');
  } finally {
    await runtime.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:kb failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
