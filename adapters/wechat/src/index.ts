export { wechatProtocol } from './wechat-protocol';
export { wechatConfigSchema, WECHAT_API_BASE_URL, type WechatConfig } from './wechat-config';
export { exchangeJsCode, type MiniProgramSession } from './jscode2session';
export { accessToken, refreshAccessToken, WechatApiError } from './access-token';
export { callWechatApi } from './send-message';
