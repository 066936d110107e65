import { z } from 'zod';
import { readPlatformPayload } from '@kefu/shared';
import type { PushFields } from '@kefu/wechat-crypto';

const present = z.string().min(1);

/**
 * The decrypted kf callback (platforms.md §2): only a notification that messages wait, with the
 * sync Token (valid 10 minutes) and the kf account they wait on. Other WeCom events on the same URL
 * keep the common fields.
 */
const commonFields = {
  ToUserName: present,
  CreateTime: z.string().regex(/^\d+$/, 'expected a decimal number'),
  MsgType: z.literal('event'),
  Event: present,
};
const kfMessageSchema = z.looseObject({ ...commonFields, Event: z.literal('kf_msg_or_event'), Token: present, OpenKfId: present });
const otherEventSchema = z.looseObject(commonFields);

export type WecomKfCallback = PushFields & Record<keyof typeof commonFields, string>;

/** Throws ProtocolError (→ 400) when the callback is not the documented shape. */
export function readWecomKfCallback(fields: PushFields): WecomKfCallback {
  const schema = fields.Event === 'kf_msg_or_event' ? kfMessageSchema : otherEventSchema;
  return readPlatformPayload(schema, fields, 'WeCom kf callback') as WecomKfCallback;
}
