import { Product } from './models';

export interface CatalogEntry {
  sku: string;
  name: string;
  brand?: string;
  category?: string;
  aliases: string[];
}

/** The tenant's catalog as other contexts (understanding, recommendations) need it. */
export async function listCatalog(tenantId: number): Promise<CatalogEntry[]> {
  const products = await Product.findAll({ where: { tenantId }, order: [['id', 'ASC']] });
  return products.map((p) => ({ sku: p.sku, name: p.name, brand: p.brand ?? undefined, category: p.category ?? undefined, aliases: p.aliases }));
}
