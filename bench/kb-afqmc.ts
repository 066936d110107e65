import { readFileSync } from 'node:fs';
import type { EvalDoc } from '../server/src/cli/kb-eval-input';
import { sharedDataPath } from '../server/src/shared-data-path';
import { ecommerceFaqQueries } from './kb-ecommerce-faq-queries';
import { outOfScopeQueries } from './kb-out-of-scope-queries';

const AFQMC = process.env.AFQMC_PATH ?? sharedDataPath('afqmc', 'dev.json');

/** Even = the tuning half (the only one any weight or coefficient may be chosen on), odd = held out. */
export type Half = 'tuning' | 'held-out';
export const HALVES: readonly Half[] = ['tuning', 'held-out'];

export interface GoldQuery {
  id: string;
  text: string;
  /** The entry that answers it; null when none does (any answer is wrong). */
  gold: string | null;
  half: Half;
}

function halfOf(index: number): Half {
  return index % 2 === 0 ? 'tuning' : 'held-out';
}

/**
 * afqmc dev as a retrieval set: entries = the distinct second questions of all pairs (so most are
 * distractors), queries = the first question of each paraphrase pair (label 1), gold = its second
 * question, split into halves by the pair's `idx` parity.
 */
export function loadAfqmc(): { docs: EvalDoc[]; queries: (GoldQuery & { gold: string })[] } {
  const rows = readFileSync(AFQMC, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { sentence1: string; sentence2: string; label: string; idx: number });
  const docIds = new Map<string, string>();
  for (const row of rows) if (!docIds.has(row.sentence2)) docIds.set(row.sentence2, `d${docIds.size}`);
  const docs = [...docIds].map(([text, id]) => ({ id, text }));
  const queries = rows.filter((r) => r.label === '1').map((r, i) => ({ id: `q${i}`, text: r.sentence1, gold: docIds.get(r.sentence2) as string, half: halfOf(r.idx) }));
  return { docs, queries };
}

/**
 * The written e-commerce FAQ questions split the same way by position: the set lists two questions
 * per entry, so the even half holds the first question of every entry and the odd half the second.
 */
export function faqQueriesByHalf(): GoldQuery[] {
  return ecommerceFaqQueries.map((q, i) => ({ id: `f${i}`, text: q.text, gold: q.gold, half: halfOf(i) }));
}

/** The out-of-scope questions for the same knowledge base, split by position like the FAQ questions. */
export function outOfScopeQueriesByHalf(): GoldQuery[] {
  return outOfScopeQueries.map((text, i) => ({ id: `o${i}`, text, gold: null, half: halfOf(i) }));
}
