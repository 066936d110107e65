import { existsSync, readFileSync } from 'node:fs';
import { configSchema } from '@kefu/shared';
import { z } from 'zod';
import { NluEngine } from '../nlu/engine/nlu-engine';
import { loadOrTrainClassifier } from '../nlu/intent/classifier-cache';
import { modelCacheDir } from '../nlu/model-cache-dir';
import { emptyDialogContext } from '../nlu/engine/dialog-context';
import { loadSentimentModel } from '../nlu/sentiment/load-sentiment-model';

/**
 * The NLU contract's batch CLI (shared/spec/nlu-contract.md):
 *   npm run -s nlu -- --catalog CATALOG.json --jsonl DIALOGS.jsonl
 * One JSON line per turn on stdout, in input order; context carries within a dialog, never across.
 */
const catalogSchema = z.object({
  products: z.array(z.object({ sku: z.string(), name: z.string().min(1), brand: z.string().optional(), category: z.string().optional(), aliases: z.array(z.string()).optional() })),
});
const dialogSchema = z.object({ id: z.string().min(1), turns: z.array(z.string()) });

class UsageError extends Error {}

function argument(args: string[], name: string): string {
  const index = args.indexOf(name);
  const value = index >= 0 ? args[index + 1] : undefined;
  if (!value) throw new UsageError(`missing ${name} <file>\nusage: npm run -s nlu -- --catalog CATALOG.json --jsonl DIALOGS.jsonl`);
  return value;
}

function readFile(path: string, what: string): string {
  if (!existsSync(path)) throw new UsageError(`${what} file not found: ${path}`);
  return readFileSync(path, 'utf8');
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${where}: not valid JSON (${(error as Error).message})`);
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ');
}

/** Only the settings this CLI uses, so an unrelated bad variable in the environment does not stop it. */
function modelSettings(): { KEFU_DATA_DIR: string; KEFU_MODEL_CACHE_DIR?: string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = configSchema.pick({ KEFU_DATA_DIR: true, KEFU_MODEL_CACHE_DIR: true }).safeParse(env);
  if (!parsed.success) throw new UsageError(`invalid configuration: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function main(): void {
  const args = process.argv.slice(2);
  const catalogPath = argument(args, '--catalog');
  const dialogsPath = argument(args, '--jsonl');
  const catalog = catalogSchema.safeParse(parseJson(readFile(catalogPath, 'catalog'), catalogPath));
  if (!catalog.success) throw new UsageError(`${catalogPath}: ${describeIssues(catalog.error)}`);
  // Validate every dialog line before answering any, so a bad file fails whole and clearly.
  const dialogs = readFile(dialogsPath, 'dialogs')
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, number }) => {
      const parsed = dialogSchema.safeParse(parseJson(line, `${dialogsPath} line ${number}`));
      if (!parsed.success) throw new UsageError(`${dialogsPath} line ${number}: ${describeIssues(parsed.error)}`);
      return parsed.data;
    });

  const started = Date.now();
  // The same model cache as the server: a second run (or a run after the server booted) loads the
  // trained weights instead of training again.
  const modelDir = modelCacheDir(modelSettings());
  const { classifier, fromCache } = loadOrTrainClassifier({ modelDir, scope: 'standard' });
  const engine = new NluEngine({ catalog: catalog.data.products, classifier, sentiment: loadSentimentModel(modelDir).model });
  process.stderr.write(`nlu: engine ready in ${Date.now() - started} ms (intent model ${fromCache ? 'loaded' : 'trained'}); ${dialogs.length} dialogs\n`);

  const out: string[] = [];
  for (const dialog of dialogs) {
    let context = emptyDialogContext();
    dialog.turns.forEach((text, turn) => {
      const parsed = engine.parse(text, context);
      context = parsed.context;
      const { intent, confidence, slots, carried, normalized, sentiment, needs } = parsed.result;
      out.push(JSON.stringify({ id: dialog.id, turn, intent, confidence, slots, carried, normalized, sentiment, needs }));
    });
  }
  process.stdout.write(out.length > 0 ? `${out.join('\n')}\n` : '');
}

try {
  main();
} catch (error) {
  process.stderr.write(`nlu: ${error instanceof UsageError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
