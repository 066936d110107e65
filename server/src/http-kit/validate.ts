import type { z } from 'zod';
import { ValidationError } from '@kefu/shared';

/** Parses request input with its zod schema; failures become a 400 naming each field and why. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ field: [where, ...issue.path.map(String)].join('.'), message: issue.message }));
  throw new ValidationError(`invalid ${where}: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
}
