import { TEXT_ONLY, type ChannelProtocol } from '@kefu/shared';
import { douyinConfigSchema, type DouyinConfig } from './config';
import { parseDouyinWebhook } from './parse';
import { sendDouyinReply } from './send';
import { douyinHandshake, verifyDouyinWebhook } from './verify';

export { douyinConfigSchema, type DouyinConfig } from './config';
export { douyinSignature } from './signature';
export { encodeMessageId, decodeMessageId } from './message-id';

/**
 * Douyin 私信 (im.direct_message) and the mini-game 抖音客服平台 push. The reply window and quota
 * are unconfirmed (platforms.md §3), so the defaults here are the community's numbers and each
 * account can override them in its config.
 */
export const douyinProtocol: ChannelProtocol<DouyinConfig> = {
  platform: 'douyin',
  configSchema: douyinConfigSchema,
  sendingRules: { replyWindowHours: 24, repliesPerInbound: 6, maxSendsPerSecond: 10, repliesNameShopperMessage: true },
  // The reply API's other content types and its text limit are unconfirmed (platforms.md §3): text only.
  sendCapabilities: TEXT_ONLY,
  handshake: (request) => douyinHandshake(request),
  verify: verifyDouyinWebhook,
  parse: parseDouyinWebhook,
  send: sendDouyinReply,
};
