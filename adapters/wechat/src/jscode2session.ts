import type { WechatConfig } from './wechat-config';
import { WechatApiError } from './access-token';

export interface MiniProgramSession {
  openId: string;
  /** Present once the Mini Program is bound to a WeChat Open Platform account. */
  unionId?: string;
  /** Secret to the server: never send it to the client. */
  sessionKey: string;
}

/**
 * The Mini Program login exchange (`GET /sns/jscode2session`): the `code` from `wx.login()` → the
 * shopper's openid (and unionid when bound). For the login route of the Mini Program front-end.
 */
export async function exchangeJsCode(config: Pick<WechatConfig, 'appId' | 'appSecret' | 'apiBaseUrl'>, code: string, fetchImpl: typeof fetch = fetch): Promise<MiniProgramSession> {
  const query = new URLSearchParams({ appid: config.appId, secret: config.appSecret, js_code: code, grant_type: 'authorization_code' });
  const response = await fetchImpl(`${config.apiBaseUrl}/sns/jscode2session?${query.toString()}`);
  if (!response.ok) throw new Error(`jscode2session answered HTTP ${response.status}`);
  const body = (await response.json()) as { openid?: string; unionid?: string; session_key?: string; errcode?: number; errmsg?: string };
  if (!body.openid || !body.session_key) throw new WechatApiError(body.errcode ?? -1, body.errmsg ?? 'no openid in the answer');
  return { openId: body.openid, unionId: body.unionid, sessionKey: body.session_key };
}
