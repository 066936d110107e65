import { Op, UniqueConstraintError } from 'sequelize';
import type { ConsoleTokenPayload } from './console-tokens';
import { ConsoleTokenRevocation, User } from './models';

/** True when this token id was signed out (logout). One primary-key read. */
export async function isConsoleTokenRevoked(tenantId: number, tokenId: string): Promise<boolean> {
  return (await ConsoleTokenRevocation.count({ where: { tenantId, tokenId } })) > 0;
}

/**
 * Signs out one token (logout) and leaves the user's other sessions alone. The row is only needed
 * until the token would have expired anyway, so the tenant's stale rows are pruned on the way.
 */
export async function revokeConsoleToken(token: ConsoleTokenPayload, now: Date = new Date()): Promise<void> {
  await ConsoleTokenRevocation.destroy({ where: { tenantId: token.tenantId, expiresAt: { [Op.lt]: now } } });
  try {
    await ConsoleTokenRevocation.create({ tokenId: token.jti, tenantId: token.tenantId, userId: token.userId, expiresAt: new Date(token.exp * 1000) });
  } catch (error) {
    // Logging out twice is still logged out.
    if (!(error instanceof UniqueConstraintError)) throw error;
  }
}

/** Invalidates every console token of the user at once: they all carry the old version. */
export async function bumpTokenVersion(user: User): Promise<void> {
  // Atomic increment, so two concurrent sign-outs cannot both write the same new version.
  await User.increment({ tokenVersion: 1 }, { where: { tenantId: user.tenantId, id: user.id } });
  // Not reload(): it looks the row up by id alone, which the tenant guard rightly refuses.
  const fresh = await User.findOne({ where: { tenantId: user.tenantId, id: user.id }, attributes: ['id', 'tokenVersion'] });
  if (fresh) user.setDataValue('tokenVersion', fresh.tokenVersion);
}
