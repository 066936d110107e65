import { UniqueConstraintError } from 'sequelize';
import { ConflictError } from '@kefu/shared';
import { hashPassword } from './passwords';
import { User, type Role, type Tenant } from './models';
import { findTenantByKey } from './tenant-service';

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  displayName?: string | null;
}

/** What the console may show about a user: never the password hash. */
export interface PublicUser {
  id: number;
  email: string;
  role: Role;
  displayName: string | null;
}

/** Emails are compared case-insensitively everywhere, so they are stored normalised. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(tenantId: number, input: NewUser): Promise<User> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  try {
    return await User.create({ tenantId, email, passwordHash, role: input.role, displayName: input.displayName ?? null });
  } catch (error) {
    // users_tenant_email_unique: checking first would race with a concurrent create.
    if (error instanceof UniqueConstraintError) throw new ConflictError(`a user with email ${email} already exists`);
    throw error;
  }
}

/**
 * The tenant named at login and, when it exists, its user with this email. The tenant is returned
 * even without a user so a failed login can be audited under it.
 */
export async function findForLogin(tenantKey: string, email: string): Promise<{ tenant: Tenant | null; user: User | null }> {
  const tenant = await findTenantByKey(tenantKey);
  if (!tenant) return { tenant: null, user: null };
  const user = await User.findOne({ where: { tenantId: tenant.id, email: normalizeEmail(email) } });
  return { tenant, user };
}

export async function findUser(tenantId: number, id: number): Promise<User | null> {
  return User.findOne({ where: { tenantId, id } });
}

export async function listUsers(tenantId: number): Promise<User[]> {
  return User.findAll({ where: { tenantId }, order: [['id', 'ASC']] });
}

export function toPublicUser(user: User): PublicUser {
  return { id: user.id, email: user.email, role: user.role, displayName: user.displayName ?? null };
}
