import { createHash, randomBytes } from 'node:crypto';
import { FieldCipher } from '../../src/privacy/field-cipher';

const keyA = randomBytes(32);
const keyB = randomBytes(32);

/** Flips one bit of the decoded payload at `index` and re-encodes it in the stored format. */
function tamper(stored: string, index: number): string {
  const [version, payload] = stored.split(':');
  const raw = Buffer.from(payload, 'base64');
  raw[index] ^= 0x01;
  return `${version}:${raw.toString('base64')}`;
}

describe('FieldCipher', () => {
  const cipher = new FieldCipher(keyA);

  it('round-trips Chinese text, ASCII and the empty string', () => {
    for (const plain of ['浙江省杭州市西湖区文三路90号 张三 收', '13812345678', '', '🙂 emoji and 中文 mixed']) {
      expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
    }
  });

  it('decrypts with a second instance built from the same key (restart)', () => {
    const stored = cipher.encrypt('上海市浦东新区张江路100号');
    expect(new FieldCipher(Buffer.from(keyA)).decrypt(stored)).toBe('上海市浦东新区张江路100号');
  });

  it('never stores the plaintext and produces a different ciphertext each time', () => {
    const plain = '浙江省杭州市西湖区文三路90号';
    const first = cipher.encrypt(plain);
    const second = cipher.encrypt(plain);
    expect(first).not.toBe(second);
    expect(first.startsWith('v1:')).toBe(true);
    for (const stored of [first, second]) {
      expect(stored).not.toContain(plain);
      expect(stored).not.toContain(Buffer.from(plain).toString('base64'));
      expect(stored).not.toContain(Buffer.from(plain).toString('hex'));
    }
  });

  it('rejects a ciphertext whose body, tag or iv was altered', () => {
    const stored = cipher.encrypt('13812345678 文三路90号');
    const length = Buffer.from(stored.split(':')[1], 'base64').length;
    for (const index of [0, 11, 12, 27, 28, length - 1]) {
      expect(() => cipher.decrypt(tamper(stored, index))).toThrow();
    }
  });

  it('rejects truncated or malformed ciphertexts', () => {
    const stored = cipher.encrypt('13812345678');
    const raw = Buffer.from(stored.split(':')[1], 'base64');
    expect(() => cipher.decrypt(`v1:${raw.subarray(0, raw.length - 1).toString('base64')}`)).toThrow();
    expect(() => cipher.decrypt(`v1:${raw.subarray(0, 12).toString('base64')}`)).toThrow();
    expect(() => cipher.decrypt('v1:')).toThrow('unknown ciphertext format');
    expect(() => cipher.decrypt('13812345678')).toThrow('unknown ciphertext format');
    expect(() => cipher.decrypt(`v2:${stored.split(':')[1]}`)).toThrow('unknown ciphertext format');
  });

  it('cannot be decrypted with another key', () => {
    const stored = cipher.encrypt('浙江省杭州市西湖区文三路90号');
    expect(() => new FieldCipher(keyB).decrypt(stored)).toThrow();
  });

  it('encryptOptional/decryptOptional pass null through', () => {
    expect(cipher.encryptOptional(null)).toBeNull();
    expect(cipher.encryptOptional(undefined)).toBeNull();
    expect(cipher.decryptOptional(null)).toBeNull();
    const stored = cipher.encryptOptional('文三路90号');
    expect(stored).not.toBeNull();
    expect(cipher.decryptOptional(stored)).toBe('文三路90号');
  });

  describe('lookupHash', () => {
    const phone = '13812345678';

    it('is deterministic for one key', () => {
      expect(cipher.lookupHash(phone)).toBe(cipher.lookupHash(phone));
      expect(new FieldCipher(Buffer.from(keyA)).lookupHash(phone)).toBe(cipher.lookupHash(phone));
      expect(cipher.lookupHash(phone)).toMatch(/^[0-9a-f]{64}$/);
    });

    it('differs between values and between keys', () => {
      expect(cipher.lookupHash(phone)).not.toBe(cipher.lookupHash('13812345679'));
      expect(new FieldCipher(keyB).lookupHash(phone)).not.toBe(cipher.lookupHash(phone));
    });

    it('reveals nothing of the value: not an encoding and not an unkeyed hash of it', () => {
      const hash = cipher.lookupHash(phone);
      expect(hash).not.toContain(phone);
      expect(hash).not.toContain('5678');
      expect(hash).not.toContain(Buffer.from(phone).toString('hex'));
      expect(hash).not.toContain(Buffer.from(phone).toString('base64'));
      expect(hash).not.toBe(createHash('sha256').update(phone).digest('hex'));
    });
  });

  it('rejects a master key that is not 32 bytes', () => {
    for (const length of [0, 16, 31, 33, 64]) {
      expect(() => new FieldCipher(randomBytes(length))).toThrow('32 bytes');
    }
  });
});
