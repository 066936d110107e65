import { createHmac } from 'node:crypto';
import { signPayload, verifyPayload } from '../src/signed-token';
import { issueSessionToken, verifySessionToken } from '../src/session-token';
import { signShopperToken, verifyShopperToken } from '../src/shopper-token';

const secret = 'test-secret-0123456789abcdefghijklmnop';
const otherSecret = 'other-secret-0123456789abcdefghijklmno';
const now = () => Math.floor(Date.now() / 1000);

describe('signPayload / verifyPayload', () => {
  const payload = { a: 1, name: '张三', nested: { ok: true } };

  it('round-trips the payload', () => {
    expect(verifyPayload(signPayload(payload, secret), secret)).toEqual(payload);
  });

  it('rejects a token signed with another secret', () => {
    expect(verifyPayload(signPayload(payload, secret), otherSecret)).toBeNull();
  });

  it('rejects a tampered body', () => {
    const [, signature] = signPayload(payload, secret).split('.');
    const forgedBody = Buffer.from(JSON.stringify({ ...payload, a: 2 })).toString('base64url');
    expect(verifyPayload(`${forgedBody}.${signature}`, secret)).toBeNull();
  });

  it('rejects a tampered signature', () => {
    const [body, signature] = signPayload(payload, secret).split('.');
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(verifyPayload(`${body}.${flipped}`, secret)).toBeNull();
    expect(verifyPayload(`${body}.${signature.slice(0, -1)}`, secret)).toBeNull();
    expect(verifyPayload(`${body}.${signature}x`, secret)).toBeNull();
  });

  it('rejects tokens that do not have exactly two parts', () => {
    const token = signPayload(payload, secret);
    expect(verifyPayload(`${token}.extra`, secret)).toBeNull();
    expect(verifyPayload(`${token}.`, secret)).toBeNull();
    expect(verifyPayload(token.split('.')[0], secret)).toBeNull();
    expect(verifyPayload('', secret)).toBeNull();
    expect(verifyPayload('.', secret)).toBeNull();
  });

  it('returns null, not an exception, for a correctly signed body that is not JSON', () => {
    const body = Buffer.from('not json{').toString('base64url');
    const signature = createHmac('sha256', secret).update(body).digest('base64url');
    expect(verifyPayload(`${body}.${signature}`, secret)).toBeNull();
  });

  it('uses base64url(JSON).base64url(HMAC-SHA256) as documented for merchants', () => {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const signature = createHmac('sha256', secret).update(body).digest('base64url');
    expect(signPayload(payload, secret)).toBe(`${body}.${signature}`);
    expect(verifyPayload(`${body}.${signature}`, secret)).toEqual(payload);
  });
});

describe('session tokens', () => {
  const claims = { tenantId: 1, channelAccountId: 2, identityId: 3, externalId: 'visitor-1' };

  it('verifies a fresh token and returns its claims with an expiry', () => {
    const verified = verifySessionToken(issueSessionToken(claims, secret), secret);
    expect(verified).toMatchObject(claims);
    expect(verified?.exp).toBeGreaterThan(now() + 29 * 24 * 3600);
  });

  it('honours a custom ttl', () => {
    const verified = verifySessionToken(issueSessionToken(claims, secret, 60), secret);
    expect(verified?.exp).toBeGreaterThanOrEqual(now() + 59);
    expect(verified?.exp).toBeLessThanOrEqual(now() + 61);
  });

  it('rejects an expired token', () => {
    expect(verifySessionToken(issueSessionToken(claims, secret, -1), secret)).toBeNull();
    expect(verifySessionToken(issueSessionToken(claims, secret, -3600), secret)).toBeNull();
  });

  it('rejects another secret', () => {
    expect(verifySessionToken(issueSessionToken(claims, secret), otherSecret)).toBeNull();
  });

  it('rejects signed payloads with missing or non-integer ids or expiry', () => {
    const exp = now() + 3600;
    expect(verifySessionToken(signPayload({ ...claims }, secret), secret)).toBeNull();
    expect(verifySessionToken(signPayload({ ...claims, exp: String(exp) }, secret), secret)).toBeNull();
    expect(verifySessionToken(signPayload({ ...claims, tenantId: '1', exp }, secret), secret)).toBeNull();
    expect(verifySessionToken(signPayload({ ...claims, identityId: 1.5, exp }, secret), secret)).toBeNull();
    expect(verifySessionToken(signPayload({ channelAccountId: 2, identityId: 3, externalId: 'x', exp }, secret), secret)).toBeNull();
    expect(verifySessionToken(signPayload({ ...claims, exp }, secret), secret)).toMatchObject(claims);
  });

  it('is not interchangeable with a shopper token signed by the same secret', () => {
    const shopper = signShopperToken({ ref: 'c-1', exp: now() + 3600 }, secret);
    expect(verifySessionToken(shopper, secret)).toBeNull();
  });
});

describe('shopper tokens', () => {
  it('verifies a valid shopper token', () => {
    const token = signShopperToken({ ref: 'cust-42', name: '李四', exp: now() + 3600 }, secret);
    expect(verifyShopperToken(token, secret)).toMatchObject({ ref: 'cust-42', name: '李四' });
  });

  it('rejects a missing, empty, non-string or overlong ref', () => {
    const exp = now() + 3600;
    expect(verifyShopperToken(signPayload({ exp }, secret), secret)).toBeNull();
    expect(verifyShopperToken(signPayload({ ref: '', exp }, secret), secret)).toBeNull();
    expect(verifyShopperToken(signPayload({ ref: 42, exp }, secret), secret)).toBeNull();
    expect(verifyShopperToken(signPayload({ ref: 'x'.repeat(129), exp }, secret), secret)).toBeNull();
    expect(verifyShopperToken(signPayload({ ref: 'x'.repeat(128), exp }, secret), secret)).not.toBeNull();
  });

  it('rejects an expired token or one without a numeric expiry', () => {
    expect(verifyShopperToken(signShopperToken({ ref: 'cust-42', exp: now() - 1 }, secret), secret)).toBeNull();
    expect(verifyShopperToken(signPayload({ ref: 'cust-42' }, secret), secret)).toBeNull();
    expect(verifyShopperToken(signPayload({ ref: 'cust-42', exp: 'never' }, secret), secret)).toBeNull();
  });

  it('caps the lifetime whatever exp says, and bounds the age when iat is given', () => {
    const day = 24 * 3600;
    const at = Date.UTC(2031, 4, 1);
    const t = at / 1000;
    const verify = (claims: object) => verifyShopperToken(signPayload({ ref: 'cust-42', ...claims }, secret), secret, at);
    expect(verify({ exp: t + day })).not.toBeNull();
    expect(verify({ exp: t + 2 * day })).toBeNull();
    expect(verify({ exp: t + 3650 * day })).toBeNull();
    expect(verify({ exp: t + 3600, iat: t - 3600 })).not.toBeNull();
    expect(verify({ exp: t + 3600, iat: t - 2 * day })).toBeNull();
    expect(verify({ exp: t + 3600, iat: t + day })).toBeNull();
    expect(verify({ exp: t + 3600, iat: 'yesterday' })).toBeNull();
  });

  it("rejects a token signed with another tenant's secret or tampered with", () => {
    const token = signShopperToken({ ref: 'cust-42', exp: now() + 3600 }, secret);
    expect(verifyShopperToken(token, otherSecret)).toBeNull();
    const [, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ref: 'cust-1', exp: now() + 3600 })).toString('base64url');
    expect(verifyShopperToken(`${forged}.${signature}`, secret)).toBeNull();
  });
});
