import { NotFoundError } from '@kefu/shared';
import { Customer, ChannelIdentity } from './models';

/**
 * Web and mini-program session tokens are stateless, so revoking one means recording, on the identity
 * the token names, the moment before which its tokens are refused (checked where the session is
 * verified, on the identity row that check reads anyway). A later session of the same shopper works.
 */
export async function revokeIdentitySessions(tenantId: number, identityId: number, now: Date = new Date()): Promise<void> {
  await ChannelIdentity.update({ sessionsRevokedAt: now }, { where: { tenantId, id: identityId } });
}

/** Every session of every identity linked to the customer; 404 for a missing or another tenant's customer. */
export async function revokeCustomerSessions(tenantId: number, customerId: number, now: Date = new Date()): Promise<number> {
  if ((await Customer.count({ where: { tenantId, id: customerId } })) === 0) throw new NotFoundError(`customer ${customerId} not found`);
  const [count] = await ChannelIdentity.update({ sessionsRevokedAt: now }, { where: { tenantId, customerId } });
  return count;
}
