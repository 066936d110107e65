import type { z } from 'zod';
import { ProtocolError } from './channel-protocol';

/** Zod's issues as one line a platform engineer can act on: "Content expected string; CreateTime …". */
export function describeZodIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ');
}

/**
 * Checks a decoded platform payload (after decryption and XML/JSON parsing) against the adapter's
 * schema of the documented push. A payload that does not match throws ProtocolError, which the
 * webhook answers with 400 and this reason, so every adapter rejects malformed pushes the same way.
 */
export function readPlatformPayload<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ProtocolError(`not a ${what}: ${describeZodIssues(result.error)}`);
  return result.data;
}
