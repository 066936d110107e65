import { UnauthorizedError } from '@kefu/shared';
import type { Runtime } from '../runtime';
import { issueConsoleToken } from './console-tokens';
import type { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './passwords';
import { findForLogin, toPublicUser, type PublicUser } from './users';

export interface LoginInput {
  tenantKey: string;
  email: string;
  password: string;
  /** Recorded in the audit row so repeated failures can be traced to a source. */
  ip?: string;
}

export interface LoginResult {
  token: string;
  user: PublicUser;
  /** After an admin's reset: the token only opens POST /api/console/me/password until the password is changed. */
  mustChangePassword: boolean;
}

/** One message for every failure, so the answer does not reveal which emails exist. */
const LOGIN_FAILED = 'wrong tenant, email or password';

/**
 * A hash to verify against when there is no user, so an unknown email costs the same argon2 work as
 * a wrong password and response time does not reveal which emails exist. Made once, lazily.
 */
let decoyHash: Promise<string> | undefined;
function getDecoyHash(): Promise<string> {
  decoyHash ??= hashPassword('kefu-decoy-password-never-matches');
  return decoyHash;
}

/**
 * Checks credentials and issues a console token; audits success and failure when the tenant exists.
 * The throttle answers a locked account or address with 429 + Retry-After before any lookup, so a
 * lock says nothing about whether the email exists: unknown emails lock the same way.
 */
export async function consoleLogin(runtime: Pick<Runtime, 'audit' | 'secrets'>, throttle: LoginThrottle, input: LoginInput): Promise<LoginResult> {
  const attempt = await throttle.admit(input);
  const { tenant, user } = await findForLogin(input.tenantKey, input.email);
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? (await getDecoyHash()));
  const failure = !user ? 'unknown_user' : !passwordOk ? 'wrong_password' : user.disabledAt ? 'disabled' : null;
  if (failure || !user || !tenant) {
    const locks = await attempt.failed();
    if (tenant) {
      await runtime.audit.record({
        tenantId: tenant.id,
        actorType: 'user',
        actorId: user?.id ?? null,
        action: 'login.failed',
        targetType: 'user',
        targetId: user?.id,
        // The lock lengths this failure set: the merchant sees when an account or address got locked and for how long.
        details: { email: input.email, reason: failure, ip: input.ip, ...locks },
      });
    }
    throw new UnauthorizedError(LOGIN_FAILED);
  }
  await attempt.succeeded();
  const token = issueConsoleToken({ userId: user.id, tenantId: tenant.id, role: user.role, tokenVersion: user.tokenVersion }, runtime.secrets.sessionSecret);
  await runtime.audit.record({
    tenantId: tenant.id,
    actorType: 'user',
    actorId: user.id,
    action: 'login.succeeded',
    targetType: 'user',
    targetId: user.id,
    details: { ip: input.ip },
  });
  return { token, user: toPublicUser(user), mustChangePassword: user.mustChangePassword };
}
