import { z } from 'zod';
import { readPlatformPayload } from '@kefu/shared';
import type { PushFields } from '@kefu/wechat-crypto';

/** XML carries every value as text; JSON (Mini Program pushes) may carry numbers, flattened to text before this. */
const digits = z.string().regex(/^\d+$/, 'expected a decimal number');
const present = z.string().min(1);

/** Fields every push carries (platforms.md §1.4): the account's original id, the user's openid, the time and type. */
const commonFields = {
  ToUserName: present,
  FromUserName: present,
  CreateTime: digits,
  MsgType: present,
};

/**
 * What each documented message type adds. Types not listed here (location, link, miniprogrampage…)
 * are checked for the common fields only: their extra fields are read optionally by parse.
 */
const typeFields: Record<string, z.ZodRawShape> = {
  text: { Content: z.string(), MsgId: digits },
  image: { PicUrl: z.string(), MediaId: present, MsgId: digits },
  voice: { MediaId: present, MsgId: digits },
  event: { Event: present },
};

const schemas = new Map<string, z.ZodType>(Object.entries(typeFields).map(([type, fields]) => [type, z.looseObject({ ...commonFields, ...fields })]));
const commonSchema = z.looseObject(commonFields);

/** A push whose common fields are known present. */
export type WechatPush = PushFields & Record<keyof typeof commonFields, string>;

/** A decrypted push's fields checked against the documented shape of its MsgType; throws ProtocolError (→ 400) otherwise. */
export function readWechatPush(fields: PushFields): WechatPush {
  const type = fields.MsgType;
  const schema = (type && schemas.get(type)) || commonSchema;
  return readPlatformPayload(schema, fields, type ? `WeChat ${type} push` : 'WeChat push') as WechatPush;
}
