import { z } from 'zod';
import { readPlatformPayload } from '@kefu/shared';
import type { XiaohongshuConfig } from './config';

type FieldNames = XiaohongshuConfig['fieldNames'];

const present = z.string().min(1);
/** A JSON number, or the same digits as a string. */
const numeric = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, 'expected a decimal number')]);
/**
 * WeChat's MsgId is a 64-bit number, sent bare or as a string; a bare one is past the safe-integer
 * range once parsed (parse reads its digits from the text), so only its sign is checked here. XHS's
 * id format is unpublished, so any non-empty string passes.
 */
const messageId = z.union([z.number().nonnegative(), present]);

/**
 * The decrypted push's documented shape under the account's field names (WeChat-shaped defaults;
 * XHS does not publish them, see config.ts): every push names the user, the time and the type; a
 * message adds its id, a text its text, an event the event name.
 */
function pushSchemas(names: FieldNames) {
  const common = { [names.userId]: present, [names.createTime]: numeric, [names.messageType]: present };
  return {
    text: z.looseObject({ ...common, [names.messageId]: messageId, [names.text]: z.string() }),
    event: z.looseObject({ ...common, [names.event]: present }),
    other: z.looseObject({ ...common, [names.messageId]: messageId }),
  };
}

// One set of schemas per distinct fieldNames object: configs are parsed once per account load.
const cache = new WeakMap<FieldNames, ReturnType<typeof pushSchemas>>();

/** Throws ProtocolError (→ 400) when the decrypted push lacks a field its type needs or carries one of the wrong type. */
export function checkXiaohongshuPush(push: Record<string, unknown>, names: FieldNames): void {
  let schemas = cache.get(names);
  if (!schemas) {
    schemas = pushSchemas(names);
    cache.set(names, schemas);
  }
  const type = push[names.messageType];
  const schema = type === 'text' ? schemas.text : type === 'event' ? schemas.event : schemas.other;
  readPlatformPayload(schema, push, typeof type === 'string' ? `Xiaohongshu ${type} push` : 'Xiaohongshu push');
}
