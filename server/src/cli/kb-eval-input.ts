import { readFileSync } from 'node:fs';
import { z } from 'zod';

const idSchema = z.union([z.string().min(1).max(100), z.number().int()]).transform(String);

export const evalDocSchema = z.object({
  id: idSchema,
  title: z.string().optional(),
  text: z.string().min(1, 'text must not be empty'),
  tags: z.array(z.string()).optional(),
  /** Optional extras (not in the contract's minimum): other ways the question is asked, and keywords, as merchants curate them. */
  similarQuestions: z.array(z.string()).optional(),
  keywords: z.array(z.string()).optional(),
});
export const evalQuerySchema = z.object({ id: idSchema, text: z.string() });

export type EvalDoc = z.infer<typeof evalDocSchema>;
export type EvalQuery = z.infer<typeof evalQuerySchema>;

/** A bad input file; the message names the file and line so the user can fix it directly. */
export class EvalInputError extends Error {}

/**
 * Reads a JSONL file of one schema. Blank lines are skipped (editors add a trailing one); anything
 * else that is not a valid record fails the whole run: a silently dropped query would skew the
 * measures. Ids must be unique, since results are reported by id.
 */
export function readEvalJsonl<T extends { id: string }>(path: string, schema: z.ZodType<T>, what: string): T[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new EvalInputError(`cannot read ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const records: T[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${path}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new EvalInputError(`${where}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new EvalInputError(`${where}: invalid ${what} record: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ')}`);
    }
    if (seen.has(parsed.data.id)) throw new EvalInputError(`${where}: duplicate id ${JSON.stringify(parsed.data.id)}`);
    seen.add(parsed.data.id);
    records.push(parsed.data);
  });
  if (records.length === 0) throw new EvalInputError(`${path}: no ${what} records`);
  return records;
}
