import { TEXT_ONLY, type ChannelProtocol } from '@kefu/shared';
import { xiaohongshuConfigSchema, type XiaohongshuConfig } from './config';
import { verifyXiaohongshuPush, xiaohongshuHandshake } from './open-push';
import { parseXiaohongshuPush } from './parse';
import { sendXiaohongshuMessage } from './send';

export { xiaohongshuConfigSchema, type XiaohongshuConfig } from './config';

/**
 * The Xiaohongshu mini-program message push (WeChat-style crypto, JSON, ciphertext only). What XHS
 * does not publish (push field names, which signature a POST carries, the send API and its window)
 * is configuration with WeChat-shaped defaults; see config.ts.
 */
export const xiaohongshuProtocol: ChannelProtocol<XiaohongshuConfig> = {
  platform: 'xiaohongshu',
  configSchema: xiaohongshuConfigSchema,
  sendingRules: { replyWindowHours: 48 },
  // No send API is published; the configured WeChat-shaped one is used for text only.
  sendCapabilities: TEXT_ONLY,
  handshake: xiaohongshuHandshake,
  verify: verifyXiaohongshuPush,
  parse: parseXiaohongshuPush,
  send: sendXiaohongshuMessage,
};
