import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * WXBizMsgCrypt, the message encryption shared by WeChat Official Accounts, Mini Programs, WeCom and
 * the open platform: AES-256-CBC with key = base64(EncodingAESKey + "="), IV = key[0..16), PKCS#7
 * padding to a 32-byte block (not Node's 16-byte default, so padding is done here), plaintext =
 * random(16) || uint32be(len) || message || receiveId. Signatures are SHA-1 over the sorted parts.
 */

const BLOCK = 32;

export class WxCryptError extends Error {}

/** sha1hex of the parts sorted lexicographically and joined without a separator. */
export function sha1Signature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

export function aesKeyOf(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32) throw new WxCryptError('EncodingAESKey must be 43 characters (32 bytes)');
  return key;
}

export function encryptMessage(encodingAesKey: string, message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  const key = aesKeyOf(encodingAesKey);
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([random, length, body, Buffer.from(receiveId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

export interface DecryptedMessage {
  message: string;
  receiveId: string;
}

export function decryptMessage(encodingAesKey: string, encrypted: string): DecryptedMessage {
  const key = aesKeyOf(encodingAesKey);
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new WxCryptError('ciphertext is not a whole number of AES blocks');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch (error) {
    throw new WxCryptError(`AES decrypt failed: ${(error as Error).message}`);
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > plain.length) throw new WxCryptError('bad padding');
  const content = plain.subarray(0, plain.length - pad);
  if (content.length < 20) throw new WxCryptError('decrypted message too short');
  const length = content.readUInt32BE(16);
  if (20 + length > content.length) throw new WxCryptError('decrypted length field exceeds the message');
  return {
    message: content.subarray(20, 20 + length).toString('utf8'),
    receiveId: content.subarray(20 + length).toString('utf8'),
  };
}
