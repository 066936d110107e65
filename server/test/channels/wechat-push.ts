import { randomBytes } from 'node:crypto';
import { cdata, decryptMessage, encryptMessage, parseXmlFields, sha1Signature, type PushFields } from '@kefu/wechat-crypto';

/** A WeChat account as configured in the test: what WeChat's side knows (token, key, AppID). */
export interface WechatTestAccount {
  appId: string;
  token: string;
  encodingAesKey: string;
}

export const TEST_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

export function textPushXml(openId: string, msgId: string, content: string, createTime = Math.floor(Date.now() / 1000)): string {
  return `<xml><ToUserName>${cdata('gh_test_account')}</ToUserName><FromUserName>${cdata(openId)}</FromUserName><CreateTime>${createTime}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content><MsgId>${msgId}</MsgId></xml>`;
}

/** What WeChat sends in safe mode: the query (both signatures) and the encrypted envelope, as WeChat's servers build them. */
export function safeModePush(account: WechatTestAccount, plainXml: string, timestamp = Math.floor(Date.now() / 1000)): { path: string; body: string } {
  const nonce = String(randomBytes(4).readUInt32BE());
  const encrypt = encryptMessage(account.encodingAesKey, plainXml, account.appId);
  const query = new URLSearchParams({
    signature: sha1Signature(account.token, String(timestamp), nonce),
    timestamp: String(timestamp),
    nonce,
    openid: 'ignored-by-kefu',
    encrypt_type: 'aes',
    msg_signature: sha1Signature(account.token, String(timestamp), nonce, encrypt),
  });
  return { path: `?${query.toString()}`, body: `<xml><ToUserName>${cdata('gh_test_account')}</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt></xml>` };
}

/** Opens an encrypted passive reply the way WeChat does: checks MsgSignature, decrypts, parses. */
export function openPassiveReply(account: WechatTestAccount, responseBody: string): PushFields {
  const envelope = parseXmlFields(responseBody);
  const expected = sha1Signature(account.token, envelope.TimeStamp ?? '', envelope.Nonce ?? '', envelope.Encrypt ?? '');
  if (expected !== envelope.MsgSignature) throw new Error('passive reply signature does not verify');
  const { message, receiveId } = decryptMessage(account.encodingAesKey, envelope.Encrypt ?? '');
  if (receiveId !== account.appId) throw new Error(`passive reply encrypted for ${receiveId}`);
  return parseXmlFields(message);
}
