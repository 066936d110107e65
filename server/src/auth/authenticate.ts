import type { Middleware, ParameterizedContext } from 'koa';
import { ForbiddenError, UnauthorizedError } from '@kefu/shared';
import type { ConsolePrincipal, KefuState } from '../http-kit/koa-state';
import type { Runtime } from '../runtime';
import { authenticateApiKey } from './api-keys';
import { isConsoleTokenRevoked } from './console-sessions';
import { verifyConsoleToken, type ConsoleTokenPayload } from './console-tokens';
import { findUser } from './users';

export interface AuthenticateOptions {
  /**
   * Let a user whose password an admin reset through (only change-password, logout and /me take this):
   * the temporary password must not open anything else.
   */
  allowPendingPasswordChange?: boolean;
}

export const PASSWORD_CHANGE_REQUIRED = 'password change required: POST /api/console/me/password';

async function principalFromToken(token: string, secret: string, options: AuthenticateOptions): Promise<ConsolePrincipal> {
  const claims = verifyConsoleToken(token, secret);
  // Tokens are stateless, so the user is re-read: a disabled or deleted user is locked out at once,
  // a role change applies immediately, and a bumped token version (sign out everywhere) kills every
  // older token. The revoked-id read is one primary-key lookup, run alongside.
  const [user, revoked] = await Promise.all([findUser(claims.tenantId, claims.userId), isConsoleTokenRevoked(claims.tenantId, claims.jti)]);
  if (!user || user.disabledAt) throw new UnauthorizedError('user no longer active');
  if (revoked || user.tokenVersion !== claims.ver) throw new UnauthorizedError('console session signed out');
  if (user.mustChangePassword && !options.allowPendingPasswordChange) throw new ForbiddenError(PASSWORD_CHANGE_REQUIRED);
  return { kind: 'user', id: user.id, tenantId: user.tenantId, role: user.role };
}

function bearerToken(authorization: string): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match?.[1]) throw new UnauthorizedError('Authorization must be "Bearer <token>"');
  return match[1];
}

/** The verified console token of this request (for logout), or 401; call after authenticate(). */
export function consoleTokenOf(ctx: ParameterizedContext<KefuState>, runtime: Pick<Runtime, 'secrets'>): ConsoleTokenPayload {
  const authorization = ctx.get('authorization');
  if (!authorization) throw new UnauthorizedError('this route needs a console user token, not an API key');
  return verifyConsoleToken(bearerToken(authorization), runtime.secrets.sessionSecret);
}

/**
 * Console authentication: `Authorization: Bearer <console token>` (people) or `X-Api-Key: <key>`
 * (integrations). Sets ctx.state.principal; anything else is a 401.
 */
export function authenticate(runtime: Pick<Runtime, 'secrets'>, options: AuthenticateOptions = {}): Middleware<KefuState> {
  return async function authenticateMiddleware(ctx, next) {
    const authorization = ctx.get('authorization');
    const apiKey = ctx.get('x-api-key');
    if (authorization) {
      ctx.state.principal = await principalFromToken(bearerToken(authorization), runtime.secrets.sessionSecret, options);
    } else if (apiKey) {
      const key = await authenticateApiKey(apiKey.trim());
      ctx.state.principal = { kind: 'api_key', id: key.id, tenantId: key.tenantId, role: key.role };
    } else {
      throw new UnauthorizedError('send Authorization: Bearer <token> or X-Api-Key');
    }
    return next();
  };
}
