/** Tenant ids may not contain '_' so that `t_<tenant>_<name>` can never be read two ways. */
const TENANT_ID = /^[A-Za-z0-9-]+$/;
/** Chroma: [A-Za-z0-9._-], starting and ending with a letter or digit; we also forbid '.' (no '..' rule to police). */
const COLLECTION_PART = /^[A-Za-z0-9_-]*[A-Za-z0-9]$/;
const CHROMA_MAX_NAME = 512;

/**
 * The Chroma collection holding one tenant's vectors of one kind, e.g. t_42_faq. Invalid input
 * throws instead of being rewritten, because a lossy rewrite could put two tenants in one collection.
 */
export function tenantCollectionName(tenantId: string, name: string): string {
  if (!TENANT_ID.test(tenantId)) throw new Error(`tenant id ${JSON.stringify(tenantId)} cannot be used in a collection name (allowed: letters, digits, '-')`);
  if (!COLLECTION_PART.test(name)) throw new Error(`collection name ${JSON.stringify(name)} must use letters, digits, '_' or '-' and end with a letter or digit`);
  const full = `t_${tenantId}_${name}`;
  if (full.length > CHROMA_MAX_NAME) throw new Error(`collection name ${full.slice(0, 40)}... is longer than ${CHROMA_MAX_NAME} characters`);
  return full;
}
