import type { ChannelProtocol, Platform } from '@kefu/shared';
import { wechatProtocol } from '@kefu/adapter-wechat';
import { wecomKfProtocol } from '@kefu/adapter-wecom-kf';
import { larkProtocol } from '@kefu/adapter-lark';
import { wechatyProtocol } from '@kefu/adapter-wechaty';
import { douyinProtocol } from '@kefu/adapter-douyin';
import { weiboProtocol } from '@kefu/adapter-weibo';
import { xiaohongshuProtocol } from '@kefu/adapter-xiaohongshu';

/**
 * Every platform protocol the core speaks, one line per adapter package. Adding a platform is one
 * import and one array entry here; the webhook route, the console API and outbound delivery find it
 * by its `platform`.
 */
export const channelProtocols: ChannelProtocol<unknown>[] = [
  wechatProtocol as ChannelProtocol<unknown>,
  wecomKfProtocol as ChannelProtocol<unknown>,
  larkProtocol as ChannelProtocol<unknown>,
  wechatyProtocol as ChannelProtocol<unknown>,
  douyinProtocol as ChannelProtocol<unknown>,
  weiboProtocol as ChannelProtocol<unknown>,
  xiaohongshuProtocol as ChannelProtocol<unknown>,
];

export function findChannelProtocol(platform: string): ChannelProtocol<unknown> | undefined {
  return channelProtocols.find((protocol) => protocol.platform === platform);
}

export function registeredPlatforms(): Platform[] {
  return channelProtocols.map((protocol) => protocol.platform);
}
