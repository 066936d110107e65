import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { ProtocolError, readPlatformPayload } from '@kefu/shared';

/** A fan-service push in its JSON form (platforms.md §5, Receive_General_Message). */
export const weiboPushSchema = z.object({
  type: z.string().min(1),
  receiver_id: z.coerce.string().min(1),
  sender_id: z.coerce.string().min(1),
  /** "Mon Jul 16 18:09:20 +0800 2012" */
  created_at: z.string().min(1),
  text: z.string().default(''),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type WeiboPush = z.infer<typeof weiboPushSchema>;

const xmlParser = new XMLParser({ parseTagValue: false, ignoreAttributes: true });

export function readPush(rawBody: Buffer, format: 'json' | 'xml'): WeiboPush {
  const candidate = format === 'json' ? readJson(rawBody) : readXml(rawBody);
  return readPlatformPayload(weiboPushSchema, candidate, 'Weibo push');
}

function readJson(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch (error) {
    throw new ProtocolError(`body is not JSON: ${(error as Error).message}`);
  }
}

/**
 * The WeChat-compatible XML form. Its field names are assumed to be WeChat's (ToUserName,
 * FromUserName, CreateTime, MsgType, Content): Weibo's page says "compatible" without listing them
 * (unconfirmed). Mapped onto the JSON form so one parser follows.
 */
function readXml(rawBody: Buffer): unknown {
  const text = rawBody.toString('utf8');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new ProtocolError(`body is not XML: ${valid.err.msg} (line ${valid.err.line})`);
  const xml = (xmlParser.parse(text) as { xml?: Record<string, string> }).xml;
  if (!xml) throw new ProtocolError('XML push without an <xml> root');
  const createTime = Number(xml.CreateTime);
  return {
    type: xml.MsgType,
    receiver_id: xml.ToUserName,
    sender_id: xml.FromUserName,
    created_at: Number.isFinite(createTime) ? new Date(createTime * 1000).toUTCString() : xml.CreateTime,
    text: xml.Content ?? '',
    data: xml.Event ? { subtype: xml.Event, key: xml.EventKey } : {},
  };
}

export function pushTime(push: WeiboPush): Date {
  const time = new Date(push.created_at);
  if (Number.isNaN(time.getTime())) throw new ProtocolError(`created_at is not a date: ${push.created_at}`);
  return time;
}
