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
  handshake: wecomKfHandshake,
  verify: verifyWecomKfCallback,
  parse: parseWecomKfCallback,
  send: sendKfMessage,
};
