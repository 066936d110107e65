import { randomBytes } from 'node:crypto';
import { ForbiddenError, NotFoundError } from '@kefu/shared';
import { bumpTokenVersion } from './console-sessions';
import type { Role, User } from './models';
import { hashPassword, verifyPassword } from './passwords';
import { outranksOrEquals } from './role-order';
import { findUser } from './users';

/**
 * The user another console user wants to act on: 404 for a missing id and for another tenant's
 * (indistinguishable), 403 when the target outranks the actor (an admin cannot touch an owner).
 */
export async function findManageableUser(tenantId: number, actorRole: Role, id: number): Promise<User> {
  const user = await findUser(tenantId, id);
  if (!user) throw new NotFoundError(`user ${id} not found`);
  if (!outranksOrEquals(actorRole, user.role)) throw new ForbiddenError(`a ${actorRole} cannot act on a user with role ${user.role}`);
  return user;
}

/** Requires the current password; signs out every session (the caller issues itself a fresh token). */
export async function changeOwnPassword(user: User, currentPassword: string, newPassword: string): Promise<void> {
  if (!(await verifyPassword(currentPassword, user.passwordHash))) throw new ForbiddenError('current password is wrong');
  await user.update({ passwordHash: await hashPassword(newPassword), mustChangePassword: false });
  await bumpTokenVersion(user);
}

/**
 * An admin's reset: a random temporary password (shown once to the admin, stored only as a hash)
 * that opens nothing but the change-password route; every session of the user ends.
 */
export async function resetPassword(user: User): Promise<string> {
  // 96 random bits: nothing to guess, short enough to read out over the phone.
  const temporaryPassword = randomBytes(12).toString('base64url');
  await user.update({ passwordHash: await hashPassword(temporaryPassword), mustChangePassword: true });
  await bumpTokenVersion(user);
  return temporaryPassword;
}

/** Disabling ends every session at once; enabling does not bring the old tokens back. */
export async function setUserDisabled(user: User, disabled: boolean, now: Date = new Date()): Promise<void> {
  await user.update({ disabledAt: disabled ? (user.disabledAt ?? now) : null });
  if (disabled) await bumpTokenVersion(user);
}
