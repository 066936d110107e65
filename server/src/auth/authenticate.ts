import type { Middleware } from 'koa';
import { UnauthorizedError } from '@kefu/shared';
import type { ConsolePrincipal, KefuState } from '../http-kit/koa-state';
import type { Runtime } from '../runtime';
import { authenticateApiKey } from './api-keys';
import { verifyConsoleToken } from './console-tokens';
import { findUser } from './users';

async function principalFromToken(token: string, secret: string): Promise<ConsolePrincipal> {
  const claims = verifyConsoleToken(token, secret);
  // Tokens are stateless, so the user is re-read: a disabled or deleted user is locked out at once,
  // and a role change applies immediately rather than when the token expires.
  const user = await findUser(claims.tenantId, claims.userId);
  if (!user || user.disabledAt) throw new UnauthorizedError('user no longer active');
  return { kind: 'user', id: user.id, tenantId: user.tenantId, role: user.role };
}

/**
 * Console authentication: `Authorization: Bearer <console token>` (people) or `X-Api-Key: <key>`
 * (integrations). Sets ctx.state.principal; anything else is a 401.
 */
export function authenticate(runtime: Pick<Runtime, 'secrets'>): Middleware<KefuState> {
  return async function authenticateMiddleware(ctx, next) {
    const authorization = ctx.get('authorization');
    const apiKey = ctx.get('x-api-key');
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match?.[1]) throw new UnauthorizedError('Authorization must be "Bearer <token>"');
      ctx.state.principal = await principalFromToken(match[1], runtime.secrets.sessionSecret);
    } else if (apiKey) {
      const key = await authenticateApiKey(apiKey.trim());
      ctx.state.principal = { kind: 'api_key', id: key.id, tenantId: key.tenantId, role: key.role };
    } else {
      throw new UnauthorizedError('send Authorization: Bearer <token> or X-Api-Key');
    }
    return next();
  };
}
