export { wechatProtocol } from './wechat-protocol';
export { wechatConfigSchema, WECHAT_API_BASE_URL, type WechatConfig } from './wechat-config';
export { encryptMessage, decryptMessage, sha1Signature, aesKeyOf, WxCryptError, type DecryptedMessage } from './wx-biz-msg-crypt';
export { exchangeJsCode, type MiniProgramSession } from './jscode2session';
export { accessToken, refreshAccessToken, WechatApiError } from './access-token';
export { callWechatApi } from './send-message';
export { parseXmlFields, parseJsonFields, cdata, type PushFields } from './push-fields';
export { checkTimestamp, sameSignature, PushRejected } from './open-push';
export { replyText } from './reply-text';
