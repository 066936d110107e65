import { randomBytes } from 'node:crypto';
import { ProtocolError, renderReplyText, type InboundMessage, type OutboundMessage, type ParsedWebhook, type PlatformEvent, type WebhookRequest, type WebhookResponse } from '@kefu/shared';
import { cdata, encryptMessage, PushRejected, sha1Signature, type PushFields } from '@kefu/wechat-crypto';
import { openPush, type OpenedPush } from './open-push';
import { readWechatPush } from './push-schema';
import type { WechatConfig } from './wechat-config';

/** "success" tells WeChat the push was taken and no passive reply follows (no retry). */
const ACK: WebhookResponse = { status: 200, contentType: 'text/plain; charset=utf-8', body: 'success' };

/** Messages that are not text become a short description the pipeline can still read and log. */
function messageText(fields: PushFields): { kind: InboundMessage['kind']; text: string } | null {
  switch (fields.MsgType) {
    case 'text':
      return { kind: 'text', text: fields.Content ?? '' };
    case 'image':
      return { kind: 'image', text: fields.PicUrl ?? '[图片]' };
    case 'voice':
      return { kind: 'text', text: fields.Recognition || '[语音]' };
    case 'video':
    case 'shortvideo':
      return { kind: 'text', text: '[视频]' };
    case 'location':
      return { kind: 'text', text: `[位置] ${fields.Label ?? ''}`.trim() };
    case 'link':
      return { kind: 'text', text: `[链接] ${fields.Title ?? ''} ${fields.Url ?? ''}`.trim() };
    case 'miniprogrampage':
      return { kind: 'text', text: `[小程序卡片] ${fields.Title ?? ''} ${fields.PagePath ?? ''}`.trim() };
    default:
      return null;
  }
}

function sentAt(fields: PushFields): string {
  const seconds = Number(fields.CreateTime);
  return new Date(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : Date.now()).toISOString();
}

/** The passive reply XML, encrypted in the envelope WeChat expects when the push came encrypted. */
function renderPassive(config: WechatConfig, encrypted: boolean, openId: string, accountId: string, reply: OutboundMessage): WebhookResponse {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const xml = `<xml><ToUserName>${cdata(openId)}</ToUserName><FromUserName>${cdata(accountId)}</FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>${cdata(renderReplyText(reply))}</Content></xml>`;
  if (!encrypted) return { status: 200, contentType: 'application/xml; charset=utf-8', body: xml };
  const nonce = String(randomBytes(4).readUInt32BE());
  const ciphertext = encryptMessage(config.encodingAesKey ?? '', xml, config.appId);
  const signature = sha1Signature(config.token, timestamp, nonce, ciphertext);
  return {
    status: 200,
    contentType: 'application/xml; charset=utf-8',
    body: `<xml><Encrypt>${cdata(ciphertext)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature><TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`,
  };
}

/**
 * A verified push → shopper messages (deduplicated downstream by MsgId) or platform events
 * (subscribe, menu clicks, user_enter_tempsession; deduplicated by FromUserName + CreateTime).
 */
export function parseWechatPush(request: WebhookRequest, config: WechatConfig, channelAccountId: string): ParsedWebhook {
  let opened: OpenedPush;
  try {
    opened = openPush(request, config);
  } catch (error) {
    if (error instanceof PushRejected) throw new ProtocolError(error.message);
    throw error;
  }
  const { encrypted } = opened;
  const fields = readWechatPush(opened.fields);
  const openId = fields.FromUserName;

  if (fields.MsgType === 'event') {
    const event: PlatformEvent = { kind: `wechat.${fields.Event ?? 'unknown'}`, eventId: `${openId}:${fields.CreateTime}:${fields.Event ?? ''}`, payload: { ...fields } };
    return { messages: [], events: [event], ack: ACK };
  }
  const content = messageText(fields);
  if (!content) return { messages: [], events: [{ kind: `wechat.message.${fields.MsgType}`, eventId: fields.MsgId ?? `${openId}:${fields.CreateTime}`, payload: { ...fields } }], ack: ACK };

  const message: InboundMessage = {
    channelAccountId,
    platform: 'wechat',
    platformMessageId: fields.MsgId || `${openId}:${fields.CreateTime}`,
    externalUserId: openId,
    kind: content.kind,
    text: content.text,
    sentAt: sentAt(fields),
  };
  // Only Official Accounts take a reply in the response; Mini Programs always reply through the API.
  const passive = config.kind === 'official_account' && config.passiveReply && config.passiveReplyDeadlineMs > 0;
  return {
    messages: [message],
    events: [],
    ack: ACK,
    passiveReply: passive ? { deadlineMs: config.passiveReplyDeadlineMs, render: (reply) => renderPassive(config, encrypted, openId, fields.ToUserName, reply) } : undefined,
  };
}
