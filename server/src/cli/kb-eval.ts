/**
 * `npm run -s kb-eval -- --docs DOCS.jsonl --queries QUERIES.jsonl [--k 10]`: the retrieval
 * evaluation contract (/work/shared/spec/kb-contract.md). Imports the docs into a throwaway tenant
 * of the configured database, indexes them with the server's own retriever and embedder, and prints
 * one JSON line per query. stdout carries only those lines; everything else goes to stderr.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { parseConfig } from '@kefu/shared';
import { createEmbedder } from '../knowledge/retrieval/create-embedder';
import { createRuntime } from '../runtime';
import { EvalInputError, evalDocSchema, evalQuerySchema, readEvalJsonl } from './kb-eval-input';
import { withEvalTenant } from './kb-eval-tenant';

const USAGE = 'usage: kb-eval --docs DOCS.jsonl --queries QUERIES.jsonl [--k 10]';

function fail(message: string): never {
  process.stderr.write(`kb-eval: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { docs?: string; queries?: string; k?: string };
  try {
    ({ values } = parseArgs({ options: { docs: { type: 'string' }, queries: { type: 'string' }, k: { type: 'string' } }, strict: true }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.docs || !values.queries) fail(USAGE);
  const k = values.k === undefined ? 10 : Number(values.k);
  if (!Number.isInteger(k) || k < 1) fail(`--k must be a positive integer, got ${values.k}`);

  // Validate the inputs before booting anything: a typo should fail in milliseconds.
  const started = performance.now();
  let docs, queries;
  try {
    docs = readEvalJsonl(values.docs, evalDocSchema, 'doc');
    queries = readEvalJsonl(values.queries, evalQuerySchema, 'query');
  } catch (error) {
    if (error instanceof EvalInputError) fail(error.message);
    throw error;
  }

  // The server's configuration, but quiet: pino writes to stdout by default, and stdout is the result.
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn', RUN_WORKERS: 'false' };
  const config = parseConfig(env);
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'kefu-kb-eval' } }, pino.destination(2));
  const runtime = await createRuntime(config, logger);
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const embedder = await createEmbedder(config);
    await withEvalTenant(runtime, embedder, docs, async ({ retriever, tenantId, indexMs, importMs }) => {
      process.stderr.write(`kb-eval: ${docs.length} docs imported in ${importMs.toFixed(0)} ms, indexed in ${indexMs.toFixed(0)} ms (embedder ${embedder.id})\n`);
      const queryStarted = performance.now();
      for (const query of queries) {
        if (interrupted) throw new Error('interrupted');
        const results = await retriever.search(tenantId, query.text, k);
        process.stdout.write(`${JSON.stringify({ id: query.id, results: results.map((r) => ({ doc: r.slug, score: r.score })) })}\n`);
      }
      const seconds = (performance.now() - queryStarted) / 1000;
      process.stderr.write(`kb-eval: ${queries.length} queries in ${seconds.toFixed(2)} s (${(queries.length / seconds).toFixed(1)} q/s); total ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    });
  } finally {
    await runtime.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`kb-eval: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
