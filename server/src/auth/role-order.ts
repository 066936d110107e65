import { ROLES, type Role } from './models';

/** ROLES is ordered from most to least powerful: owner > admin > agent > viewer. */
function rank(role: Role): number {
  return ROLES.length - ROLES.indexOf(role);
}

/** Every role at least as powerful as `minimum`, for `requireRole(...atLeast('agent'))`. */
export function atLeast(minimum: Role): Role[] {
  return ROLES.filter((role) => rank(role) >= rank(minimum));
}

/** True when `role` is `other` or more powerful. */
export function outranksOrEquals(role: Role, other: Role): boolean {
  return rank(role) >= rank(other);
}
