import type { Platform } from '@kefu/shared';

/**
 * The scope a union id is unique in when the account does not name one. WeChat OA, mini-program and
 * WeCom kf (once bound) share the WeChat Open Platform unionid; Douyin and Lark each have their own
 * developer-level union id. Platforms without union ids get their own name, which links nothing
 * across platforms. A merchant with two Open Platform accounts sets union_scope on its accounts.
 */
const FAMILY: Partial<Record<Platform, string>> = {
  wechat: 'wechat-open-platform',
  'wecom-kf': 'wechat-open-platform',
  douyin: 'douyin-developer',
  lark: 'lark-developer',
};

export function defaultUnionScope(platform: Platform): string {
  return FAMILY[platform] ?? `platform:${platform}`;
}
