import { TEXT_ONLY, type ChannelProtocol } from '@kefu/shared';
import { weiboConfigSchema, type WeiboConfig } from './config';
import { parseWeiboPush } from './parse';
import { sendWeiboReply } from './send';
import { verifyWeiboPush, weiboHandshake } from './signature';

export { weiboConfigSchema, type WeiboConfig } from './config';
export { weiboSignature } from './signature';
export { weiboMessageId, PASSIVE_TEXT_LIMIT } from './parse';

/** Weibo 粉丝服务平台: replies are unlimited within 48 h of the fan's last message, follow or menu click. */
export const weiboProtocol: ChannelProtocol<WeiboConfig> = {
  platform: 'weibo',
  configSchema: weiboConfigSchema,
  sendingRules: { replyWindowHours: 48 },
  // reply.json also takes articles and position (platforms.md §5); only text is implemented. The 300-character limit is stated for passive replies only.
  sendCapabilities: TEXT_ONLY,
  handshake: weiboHandshake,
  verify: verifyWeiboPush,
  parse: parseWeiboPush,
  send: sendWeiboReply,
};
