import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Lark event encryption: AES-256-CBC with key = SHA256(encryptKey), the IV is the first 16 bytes of
 * the base64 payload, PKCS#7 padding (the SDK's utils/aes-cipher.ts).
 */
export function decryptLarkEvent(encrypted: string, encryptKey: string): string {
  const data = Buffer.from(encrypted, 'base64');
  if (data.length < 32 || (data.length - 16) % 16 !== 0) throw new Error('encrypted event has an impossible length');
  const decipher = createDecipheriv('aes-256-cbc', larkAesKey(encryptKey), data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}

/** The inverse of decryptLarkEvent: what Lark's servers do; used by local Lark servers in tests. */
export function encryptLarkEvent(plaintext: string, encryptKey: string, iv: Buffer = randomBytes(16)): string {
  const cipher = createCipheriv('aes-256-cbc', larkAesKey(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** X-Lark-Signature = sha256hex(timestamp + nonce + encryptKey + body). */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, body: Buffer | string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey).update(body).digest('hex');
}

export function signaturesMatch(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function larkAesKey(encryptKey: string): Buffer {
  return createHash('sha256').update(encryptKey).digest();
}
