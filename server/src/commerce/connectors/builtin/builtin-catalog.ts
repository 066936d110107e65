import { ProductRelation } from '../../action-models';
import { Product } from '../../models';
import type { CatalogConnector, CatalogProductView } from '../connector-types';

/** Products, prices and relations (accessories) from Kefu's own catalog tables. */
export class BuiltinCatalog implements CatalogConnector {
  constructor(private readonly tenantId: number) {}

  async getProduct(sku: string): Promise<CatalogProductView | null> {
    const product = await Product.findOne({ where: { tenantId: this.tenantId, sku } });
    return product ? view(product) : null;
  }

  async findByName(name: string): Promise<CatalogProductView | null> {
    const product = await Product.findOne({ where: { tenantId: this.tenantId, name } });
    return product ? view(product) : null;
  }

  async listByCategory(category: string, limit: number): Promise<CatalogProductView[]> {
    const products = await Product.findAll({ where: { tenantId: this.tenantId, category }, order: [['id', 'ASC']], limit });
    return products.map(view);
  }

  async related(sku: string): Promise<CatalogProductView[]> {
    const relations = await ProductRelation.findAll({ where: { tenantId: this.tenantId, sku }, order: [['id', 'ASC']] });
    if (relations.length === 0) return [];
    const products = await Product.findAll({ where: { tenantId: this.tenantId, sku: relations.map((r) => r.relatedSku) } });
    return products.map(view);
  }
}

function view(product: Product): CatalogProductView {
  return { sku: product.sku, name: product.name, category: product.category, priceCents: product.priceCents, customMade: product.customMade, description: product.description, specs: product.specs ?? {} };
}
