import type { ChannelProtocol } from '@kefu/shared';
import { parseWecomKfCallback, verifyWecomKfCallback, wecomKfHandshake } from './callback';
import { sendKfMessage } from './send-message';
import { wecomKfConfigSchema, type WecomKfConfig } from './wecom-kf-config';

/** WeChat customer service through WeCom: callback → sync_msg → pipeline; replies with send_msg. */
export const wecomKfProtocol: ChannelProtocol<WecomKfConfig> = {
  platform: 'wecom-kf',
  configSchema: wecomKfConfigSchema,
  // 5 messages within 48 h of the customer's last message.
  sendingRules: { replyWindowHours: 48, repliesPerInbound: 5, maxSendsPerSecond: 20 },
  /**
   * send_msg text is at most 2048 bytes (send_msg doc, via the silenceper/wechat mirror platforms.md §2
   * cites). The API also takes image, file, link, miniprogram and msgmenu (at most 10 items, head 1024
   * bytes, item 128 bytes); only text is implemented, so only text is declared.
   */
  sendCapabilities: { text: { maxBytes: 2048 } },
  handshake: wecomKfHandshake,
  verify: verifyWecomKfCallback,
  parse: parseWecomKfCallback,
  send: sendKfMessage,
};
