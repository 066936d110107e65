import type { PipelineEventInput } from '../analytics/event-recorder';
import type { Tenant } from '../auth/models';
import { findTenantById } from '../auth/tenant-service';
import { findChannelAccount } from '../channels/channel-account-service';
import type { ChannelAccount } from '../channels/models';
import { findMessageWithConversation } from '../conversations/conversation-service';
import type { Conversation, Message } from '../conversations/models';
import type { ChannelIdentity } from '../customers/models';
import { resolveIdentityCustomer } from '../customers/resolve-identity-customer';
import type { ResolvedVia } from '../customers/resolve-customer';
import type { PipelineDeps } from './pipeline-deps';

/**
 * One shopper message and everything its answer needs, loaded once at the start of the inbound
 * worker and carried through understand → compose → store; no step reads these rows again.
 * Events of the turn are buffered here and written once, with the reply.
 */
export interface Turn {
  tenant: Tenant;
  message: Message;
  conversation: Conversation;
  account: ChannelAccount;
  identity: ChannelIdentity;
  customerId: number;
  customerVerified: boolean;
  customerVia: ResolvedVia;
  events: PipelineEventInput[];
}

/** Rows that rarely change come from the process's row cache when there is one. */
async function findTenant(deps: PipelineDeps, tenantId: number): Promise<Tenant | null> {
  return deps.channels ? deps.channels.rows.tenants.get(tenantId) : findTenantById(tenantId);
}

export async function findAccount(deps: PipelineDeps, tenantId: number, id: number): Promise<ChannelAccount | null> {
  if (!deps.channels) return findChannelAccount(tenantId, id);
  const account = await deps.channels.rows.channelAccounts.get(id);
  return account && account.tenantId === tenantId ? account : null;
}

/**
 * The message to answer, or null when there is nothing to do (gone, not a shopper's, already
 * answered: a re-run job stops here).
 */
export async function findShopperMessage(tenantId: number, messageId: number): Promise<{ message: Message; conversation: Conversation } | null> {
  const found = await findMessageWithConversation(tenantId, messageId);
  return found && found.message.role === 'shopper' && found.message.status !== 'answered' ? found : null;
}

export async function loadTurn(deps: PipelineDeps, { message, conversation }: { message: Message; conversation: Conversation }): Promise<Turn> {
  const { tenantId } = message;
  const [tenant, account] = await Promise.all([findTenant(deps, tenantId), findAccount(deps, tenantId, message.channelAccountId)]);
  if (!tenant || !account) throw new Error(`message ${message.id} has no tenant or channel account`);
  const resolved = await resolveIdentityCustomer(deps.runtime.db.sequelize, deps.runtime.audit, tenantId, conversation.channelIdentityId);
  return {
    tenant,
    message,
    conversation,
    account,
    identity: resolved.identity,
    customerId: resolved.customerId,
    customerVerified: resolved.verified,
    customerVia: resolved.via,
    events: [],
  };
}

/** Buffers one event of the turn; storeTurn writes them all in one insert. */
export function addTurnEvent(turn: Turn, type: string, payload: Record<string, unknown> = {}): void {
  turn.events.push({ tenantId: turn.message.tenantId, type, conversationId: turn.conversation.id, messageId: turn.message.id, payload });
}
