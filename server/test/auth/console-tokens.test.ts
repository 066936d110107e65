import { issueConsoleToken, verifyConsoleToken, CONSOLE_TOKEN_TTL_SECONDS } from '../../src/auth/console-tokens';
import { hashPassword, verifyPassword } from '../../src/auth/passwords';
import { atLeast, outranksOrEquals } from '../../src/auth/role-order';

const SECRET = 's'.repeat(32);
const claims = { userId: 7, tenantId: 3, role: 'agent' as const };

describe('console tokens', () => {
  it('round-trips its claims and expires after the ttl (12h by default)', () => {
    const now = Date.UTC(2030, 0, 1);
    const token = issueConsoleToken(claims, SECRET, undefined, now);
    const payload = verifyConsoleToken(token, SECRET, now);
    expect(payload).toEqual({ ...claims, ver: 0, jti: expect.stringMatching(/^[\w-]{22}$/), iat: now / 1000, exp: now / 1000 + CONSOLE_TOKEN_TTL_SECONDS });
    expect(verifyConsoleToken(issueConsoleToken({ ...claims, tokenVersion: 4 }, SECRET, undefined, now), SECRET, now).ver).toBe(4);
    // Two tokens issued in the same second still have their own ids, so one can be signed out alone.
    expect(verifyConsoleToken(issueConsoleToken(claims, SECRET, undefined, now), SECRET, now).jti).not.toBe(payload.jti);
    expect(CONSOLE_TOKEN_TTL_SECONDS).toBe(12 * 3600);
    expect(() => verifyConsoleToken(token, SECRET, now + (CONSOLE_TOKEN_TTL_SECONDS - 1) * 1000)).not.toThrow();
    expect(() => verifyConsoleToken(token, SECRET, now + CONSOLE_TOKEN_TTL_SECONDS * 1000)).toThrow('console token expired');
  });

  it('rejects another secret, a changed payload and malformed tokens with a 401 error', () => {
    const token = issueConsoleToken(claims, SECRET);
    const [payload, signature] = token.split('.') as [string, string];
    const changed = Buffer.from(JSON.stringify({ ...claims, role: 'owner', iat: 0, exp: 9e9 })).toString('base64url');
    const notJson = Buffer.from('{oops').toString('base64url');
    const wrongShape = Buffer.from(JSON.stringify({ userId: 'x' })).toString('base64url');
    const signedGarbage = (encoded: string) => issueConsoleToken(claims, SECRET).replace(/^[^.]+/, encoded);
    for (const bad of [
      issueConsoleToken(claims, 'other'.repeat(8)),
      `${changed}.${signature}`,
      `${payload}.${signature.slice(1)}`,
      '',
      'a.b.c',
      signedGarbage(notJson),
      signedGarbage(wrongShape),
    ]) {
      expect(() => verifyConsoleToken(bad, SECRET)).toThrow(expect.objectContaining({ status: 401, code: 'unauthorized' }));
    }
  });

  it('refuses a non-positive ttl', () => {
    expect(() => issueConsoleToken(claims, SECRET, 0)).toThrow('positive');
  });
});

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('hunter2hunter2');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    await expect(verifyPassword('hunter2hunter2', hash)).resolves.toBe(true);
    await expect(verifyPassword('hunter3hunter3', hash)).resolves.toBe(false);
    await expect(verifyPassword('anything', 'not-a-hash')).resolves.toBe(false);
  });
});

describe('role order', () => {
  it('owner > admin > agent > viewer', () => {
    expect(atLeast('agent')).toEqual(['owner', 'admin', 'agent']);
    expect(atLeast('viewer')).toEqual(['owner', 'admin', 'agent', 'viewer']);
    expect(atLeast('owner')).toEqual(['owner']);
    expect(outranksOrEquals('admin', 'owner')).toBe(false);
    expect(outranksOrEquals('admin', 'admin')).toBe(true);
  });
});
