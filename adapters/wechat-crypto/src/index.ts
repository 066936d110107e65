export { encryptMessage, decryptMessage, sha1Signature, aesKeyOf, WxCryptError, type DecryptedMessage } from './wx-biz-msg-crypt';
export { checkTimestamp, sameSignature, PushRejected } from './push-checks';
export { parseXmlFields, parseJsonFields, parseFields, cdata, type PushFields } from './push-fields';
