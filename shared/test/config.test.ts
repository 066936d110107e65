import { parseConfig, isKefuError, NotFoundError, ConfigError } from '../src';

describe('parseConfig', () => {
  it('applies embedded defaults to an empty environment', () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.KEFU_DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.CORS_ORIGINS).toEqual([]);
  });

  it('names the variable that is wrong', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL: must be a redis/);
    expect(() => parseConfig({ ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/ENCRYPTION_KEY: must be 32 bytes/);
    expect(() => parseConfig({ PORT: 'x' })).toThrow(ConfigError);
    // An SMS gateway without the signing secret would accept unsigned requests for codes.
    expect(() => parseConfig({ SMS_PROVIDER_URL: 'https://sms.example.cn/send' })).toThrow(/SMS_SIGNING_SECRET: required/);
    expect(parseConfig({ SMS_PROVIDER_URL: 'https://sms.example.cn/send', SMS_SIGNING_SECRET: 's'.repeat(16) }).SMS_TEMPLATE).toBe('order_proof_code');
  });

  it('refuses the demo merchant in production, naming the flag', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' })).toThrow(/SEED_DEMO/);
    expect(() => parseConfig({ NODE_ENV: 'production', DEMO_PROACTIVE: '1' })).toThrow(/DEMO_PROACTIVE/);
    expect(parseConfig({ NODE_ENV: 'production', SEED_DEMO: 'false' }).SEED_DEMO).toBe(false);
    expect(parseConfig({ NODE_ENV: 'development', SEED_DEMO: 'true' }).SEED_DEMO).toBe(true);
  });

  it('splits CORS origins', () => {
    expect(parseConfig({ CORS_ORIGINS: 'https://a.cn, https://b.cn' }).CORS_ORIGINS).toEqual(['https://a.cn', 'https://b.cn']);
  });
});

describe('error brand', () => {
  it('recognises Kefu errors by brand, not by class identity', () => {
    expect(isKefuError(new NotFoundError())).toBe(true);
    expect(isKefuError({ __kefuError: true, status: 404, code: 'x', message: 'm' })).toBe(true);
    expect(isKefuError(new Error('plain'))).toBe(false);
    expect(isKefuError(null)).toBe(false);
  });
});
