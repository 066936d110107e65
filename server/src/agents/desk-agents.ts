import { findUser } from '../auth/users';
import { atLeast } from '../auth/role-order';
import type { User } from '../auth/models';
import { LarkAgentLink } from './models';

/** The console agent a Lark user is, if linked, enabled and allowed to answer shoppers (agent or above). */
export async function findLinkedAgent(tenantId: number, deskAccountId: number, openId: string): Promise<User | null> {
  const link = await LarkAgentLink.findOne({ where: { tenantId, deskAccountId, openId } });
  if (!link) return null;
  const user = await findUser(tenantId, link.userId);
  if (!user || user.disabledAt || !atLeast('agent').includes(user.role)) return null;
  return user;
}

export function agentName(user: Pick<User, 'displayName' | 'email'>): string {
  return user.displayName ?? user.email;
}
