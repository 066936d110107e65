import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseConfig } from '@kefu/shared';
import { FieldCipher } from '../../src/privacy/field-cipher';
import { loadSecrets } from '../../src/privacy/load-secrets';

describe('loadSecrets', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-secrets-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('embedded: generates secrets.json with mode 0600 and usable secrets', () => {
    const dataDir = join(dir, 'nested', 'data');
    const secrets = loadSecrets(parseConfig({ KEFU_DATA_DIR: dataDir }), true);
    const file = join(dataDir, 'secrets.json');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(secrets.encryptionKey).toHaveLength(32);
    expect(secrets.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(() => new FieldCipher(secrets.encryptionKey)).not.toThrow();
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { encryptionKey: string; sessionSecret: string };
    expect(Buffer.from(stored.encryptionKey, 'base64').equals(secrets.encryptionKey)).toBe(true);
    expect(stored.sessionSecret).toBe(secrets.sessionSecret);
  });

  it('embedded: reuses the stored secrets on the next start, so old ciphertext still decrypts', () => {
    const config = parseConfig({ KEFU_DATA_DIR: dir });
    const first = loadSecrets(config, true);
    const ciphertext = new FieldCipher(first.encryptionKey).encrypt('浙江省杭州市西湖区文三路90号');
    const second = loadSecrets(parseConfig({ KEFU_DATA_DIR: dir }), true);
    expect(second.encryptionKey.equals(first.encryptionKey)).toBe(true);
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(new FieldCipher(second.encryptionKey).decrypt(ciphertext)).toBe('浙江省杭州市西湖区文三路90号');
  });

  it('embedded: different data directories get different secrets', () => {
    const other = mkdtempSync(join(tmpdir(), 'kefu-secrets-'));
    try {
      const a = loadSecrets(parseConfig({ KEFU_DATA_DIR: dir }), true);
      const b = loadSecrets(parseConfig({ KEFU_DATA_DIR: other }), true);
      expect(a.encryptionKey.equals(b.encryptionKey)).toBe(false);
      expect(a.sessionSecret).not.toBe(b.sessionSecret);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('embedded: tightens a secrets file that was left world-readable', () => {
    const file = join(dir, 'secrets.json');
    const stored = { encryptionKey: randomBytes(32).toString('base64'), sessionSecret: 'a'.repeat(64) };
    writeFileSync(file, JSON.stringify(stored), { mode: 0o644 });
    chmodSync(file, 0o644);
    const secrets = loadSecrets(parseConfig({ KEFU_DATA_DIR: dir }), true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(secrets.encryptionKey.toString('base64')).toBe(stored.encryptionKey);
    expect(secrets.sessionSecret).toBe(stored.sessionSecret);
  });

  it('configured secrets win and nothing is written', () => {
    const key = randomBytes(32).toString('base64');
    const sessionSecret = 'b'.repeat(40);
    for (const embedded of [true, false]) {
      const secrets = loadSecrets(parseConfig({ KEFU_DATA_DIR: dir, ENCRYPTION_KEY: key, SESSION_SECRET: sessionSecret }), embedded);
      expect(secrets.encryptionKey.toString('base64')).toBe(key);
      expect(secrets.sessionSecret).toBe(sessionSecret);
    }
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
  });

  it('production without ENCRYPTION_KEY fails naming ENCRYPTION_KEY and writes nothing', () => {
    const config = parseConfig({ KEFU_DATA_DIR: dir, SESSION_SECRET: 'c'.repeat(40) });
    expect(() => loadSecrets(config, false)).toThrow(ConfigError);
    expect(() => loadSecrets(config, false)).toThrow(/ENCRYPTION_KEY/);
    expect(() => loadSecrets(config, false)).not.toThrow(/SESSION_SECRET/);
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
  });

  it('production without either secret names both', () => {
    const config = parseConfig({ KEFU_DATA_DIR: dir });
    expect(() => loadSecrets(config, false)).toThrow(/ENCRYPTION_KEY.*SESSION_SECRET/);
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
  });

  it('parseConfig refuses an ENCRYPTION_KEY that is not 32 bytes', () => {
    expect(() => parseConfig({ KEFU_DATA_DIR: dir, ENCRYPTION_KEY: randomBytes(16).toString('base64') })).toThrow(/ENCRYPTION_KEY/);
  });
});
