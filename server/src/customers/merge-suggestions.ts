import { Op } from 'sequelize';
import { ChannelIdentity, Customer } from './models';

export interface MergeSuggestion {
  customerId: number;
  displayName: string | null;
  /** Why this might be the same person. Soft signals only: an agent decides, nothing links on them. */
  signals: { signal: 'same_nickname'; value: string }[];
}

function normalizeName(name: string | null | undefined): string | null {
  const trimmed = name?.normalize('NFKC').trim().toLowerCase();
  return trimmed ? trimmed : null;
}

/**
 * Other live customers sharing a nickname with this one (its own or one of its identities'). Kefu
 * keeps no avatars, so the nickname is the only soft signal today. Read-only: suggestions are never acted on.
 */
export async function suggestMerges(tenantId: number, customerId: number, limit = 20): Promise<MergeSuggestion[]> {
  const customer = await Customer.findOne({ where: { tenantId, id: customerId } });
  if (!customer) return [];
  const identities = await ChannelIdentity.findAll({ where: { tenantId, customerId }, attributes: ['id', 'displayName'] });
  const names = new Map<string, string>();
  for (const raw of [customer.displayName, ...identities.map((identity) => identity.displayName)]) {
    const key = normalizeName(raw);
    if (key && raw) names.set(key, raw.trim());
  }
  if (names.size === 0) return [];
  const rawNames = [...names.values()];
  const byCustomer = await Customer.findAll({ where: { tenantId, id: { [Op.ne]: customerId }, mergedIntoId: null, displayName: rawNames }, limit: limit * 2 });
  const byIdentity = await ChannelIdentity.findAll({ where: { tenantId, customerId: { [Op.and]: [{ [Op.ne]: customerId }, { [Op.ne]: null }] }, displayName: rawNames }, attributes: ['customerId', 'displayName'], limit: limit * 2 });
  const found = new Map<number, MergeSuggestion>();
  const add = (id: number, displayName: string | null, matched: string | null) => {
    const key = normalizeName(matched);
    if (!key || !names.has(key)) return;
    const suggestion = found.get(id) ?? { customerId: id, displayName, signals: [] };
    if (!suggestion.signals.some((signal) => normalizeName(signal.value) === key)) suggestion.signals.push({ signal: 'same_nickname', value: matched ?? '' });
    found.set(id, suggestion);
  };
  for (const other of byCustomer) add(other.id, other.displayName, other.displayName);
  const identityOwners = await Customer.findAll({ where: { tenantId, id: [...new Set(byIdentity.map((row) => row.customerId as number))], mergedIntoId: null } });
  const liveOwners = new Map(identityOwners.map((owner) => [owner.id, owner]));
  for (const row of byIdentity) {
    const owner = liveOwners.get(row.customerId as number);
    if (owner) add(owner.id, owner.displayName, row.displayName);
  }
  return [...found.values()].slice(0, limit);
}
