import type { Transaction } from 'sequelize';
import { IdentityLink, type LinkEvidenceType } from './models';

/** Stores why an identity now belongs to a customer; called wherever identity.customerId changes. */
export async function recordLink(
  input: { tenantId: number; channelIdentityId: number; customerId: number; evidenceType: LinkEvidenceType; evidence: Record<string, unknown> },
  transaction: Transaction,
): Promise<void> {
  await IdentityLink.create(input, { transaction });
}

/** The latest link of each identity: the evidence it is linked on now. */
export async function currentLinks(tenantId: number, identityIds: number[]): Promise<Map<number, IdentityLink>> {
  const links = identityIds.length ? await IdentityLink.findAll({ where: { tenantId, channelIdentityId: identityIds }, order: [['id', 'ASC']] }) : [];
  return new Map(links.map((link) => [link.channelIdentityId, link]));
}
