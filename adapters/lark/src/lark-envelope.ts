import { z } from 'zod';
import { ProtocolError } from '@kefu/shared';
import { decryptLarkEvent } from './lark-event-crypto';

/** The body of every Lark callback once decrypted: a handshake, a v2 event, or a legacy card callback. */
export const urlVerificationSchema = z.object({ type: z.literal('url_verification'), challenge: z.string(), token: z.string().optional() });

export const v2EventSchema = z.object({
  schema: z.literal('2.0'),
  header: z.object({
    event_id: z.string().min(1),
    event_type: z.string().min(1),
    create_time: z.string().optional(),
    token: z.string().optional(),
    app_id: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
  event: z.record(z.string(), z.unknown()),
});
export type LarkV2Event = z.infer<typeof v2EventSchema>;

/** Card callbacks configured on the old "message card request URL" (no schema, no event id). */
export const legacyCardActionSchema = z.object({
  open_id: z.string().min(1),
  open_message_id: z.string().min(1),
  open_chat_id: z.string().optional(),
  token: z.string().min(1),
  action: z.object({ value: z.record(z.string(), z.unknown()).optional(), tag: z.string().optional(), option: z.string().optional() }),
});

const encryptedSchema = z.object({ encrypt: z.string().min(1) });

/**
 * Raw body → plain JSON object. Encrypted bodies ({"encrypt": …}) need the account's encrypt key;
 * an app configured with one never receives plaintext, so plaintext is refused then.
 */
export function openLarkEnvelope(rawBody: Buffer, encryptKey: string | undefined): Record<string, unknown> {
  const outer = parseJsonObject(rawBody.toString('utf8'), 'body');
  const encrypted = encryptedSchema.safeParse(outer);
  if (!encrypted.success) {
    if (encryptKey) throw new ProtocolError('event is not encrypted but the app has an encrypt key');
    return outer;
  }
  if (!encryptKey) throw new ProtocolError('event is encrypted but no encrypt key is configured');
  let plaintext: string;
  try {
    plaintext = decryptLarkEvent(encrypted.data.encrypt, encryptKey);
  } catch (error) {
    throw new ProtocolError(`event does not decrypt with the configured encrypt key: ${(error as Error).message}`);
  }
  return parseJsonObject(plaintext, 'decrypted event');
}

/** The verification token an envelope carries, wherever its version puts it. */
export function envelopeToken(envelope: Record<string, unknown>): string | undefined {
  const header = envelope.header as { token?: unknown } | undefined;
  const token = header?.token ?? envelope.token;
  return typeof token === 'string' ? token : undefined;
}

function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProtocolError(`${what} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}
