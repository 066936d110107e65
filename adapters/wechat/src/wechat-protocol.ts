import { TEXT_ONLY, type ChannelProtocol } from '@kefu/shared';
import { wechatHandshake } from './handshake';
import { verifyPush } from './open-push';
import { parseWechatPush } from './parse-push';
import { sendCustomerServiceMessage, sendOutOfWindowNotice } from './send-message';
import { wechatConfigSchema, type WechatConfig } from './wechat-config';

/** WeChat Official Account and Mini Program customer-service messages. */
export const wechatProtocol: ChannelProtocol<WechatConfig> = {
  platform: 'wechat',
  configSchema: wechatConfigSchema,
  // 48 h after the shopper's last message; 5 replies per message (45047 past that); the API's own rate is generous.
  sendingRules: { replyWindowHours: 48, repliesPerInbound: 5, maxSendsPerSecond: 50 },
  // custom/send also takes image, news, msgmenu and miniprogrampage (platforms.md §1.6); only text is implemented. No text limit is stated.
  sendCapabilities: TEXT_ONLY,
  handshake: wechatHandshake,
  verify: verifyPush,
  parse: parseWechatPush,
  send: sendCustomerServiceMessage,
  sendOutsideWindow: sendOutOfWindowNotice,
};
