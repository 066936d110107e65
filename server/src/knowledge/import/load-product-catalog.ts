// Read-only: commerce exports no product listing yet; swap for its service once it does.
import { Product } from '../../commerce/models';
import type { CatalogProduct } from './classify-entry';

/** The tenant's product names and aliases, for spotting products an imported entry talks about. */
export async function loadProductCatalog(tenantId: number): Promise<CatalogProduct[]> {
  const products = await Product.findAll({ where: { tenantId }, attributes: ['id', 'name', 'aliases'] });
  return products.map((p) => ({ id: Number(p.id), names: [p.name, ...p.aliases].filter(Boolean) }));
}
