import { z } from 'zod';
import { ProtocolError } from '@kefu/shared';

/** The 私信 webhook envelope (platforms.md §3). `content` is an object in some events and a JSON string in others. */
export const imEnvelopeSchema = z.object({
  event: z.string().min(1),
  client_key: z.string().optional(),
  from_user_id: z.string().optional(),
  to_user_id: z.string().optional(),
  log_id: z.string().optional(),
  content: z.unknown().optional(),
});
export type ImEnvelope = z.infer<typeof imEnvelopeSchema>;

export const imContentSchema = z.object({
  conversation_short_id: z.string().min(1),
  server_message_id: z.string().min(1),
  conversation_type: z.number().optional(),
  message_type: z.string().default('other'),
  /** Your own client_key when the message was sent through the API. */
  source: z.string().optional(),
  /** Milliseconds. */
  create_time: z.number(),
  /** The text of a text message. The field name comes from published examples, not the official page (unconfirmed). */
  text: z.string().optional(),
  user_infos: z.array(z.object({ open_id: z.string(), nick_name: z.string().optional(), avatar: z.string().optional() })).optional(),
});
export type ImContent = z.infer<typeof imContentSchema>;

/** The mini-game 抖音客服平台 push (platforms.md §3, mini-game customer-service guide). */
export const customerServicePushSchema = z.object({
  app_id: z.string().optional(),
  conversation_id: z.string().optional(),
  msg_id: z.string().min(1),
  /** The unit is not stated: seconds and milliseconds are both accepted (see toDate). */
  create_time: z.number(),
  msg_type: z.string().min(1),
  open_id: z.string().min(1),
  content: z.string().optional(),
  pic_url: z.string().optional(),
});
export type CustomerServicePush = z.infer<typeof customerServicePushSchema>;

export function parseJsonBody(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch (error) {
    throw new ProtocolError(`body is not JSON: ${(error as Error).message}`);
  }
}

/** Decodes an envelope's content whether it came as an object or as a JSON string. */
export function decodeContent(content: unknown): unknown {
  if (typeof content !== 'string') return content;
  try {
    return JSON.parse(content);
  } catch {
    throw new ProtocolError('content is a string but not JSON');
  }
}

/** Epoch seconds and epoch milliseconds are told apart by size: no second-based time reaches 1e12 before the year 33658. */
export function toDate(epoch: number): Date {
  return new Date(epoch < 1e12 ? epoch * 1000 : epoch);
}
