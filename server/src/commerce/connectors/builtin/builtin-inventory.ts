import { WarehouseStock } from '../../action-models';
import { Product } from '../../models';
import type { InventoryConnector, StockLevel } from '../connector-types';

/** Stock per warehouse; a product without warehouse rows has its single catalog stock figure. */
export class BuiltinInventory implements InventoryConnector {
  constructor(private readonly tenantId: number) {}

  async stockBySku(sku: string): Promise<StockLevel[]> {
    const rows = await WarehouseStock.findAll({ where: { tenantId: this.tenantId, sku }, order: [['warehouse', 'ASC']] });
    if (rows.length > 0) return rows.map((r) => ({ sku, warehouse: r.warehouse, quantity: r.quantity, restockAt: r.restockAt }));
    const product = await Product.findOne({ where: { tenantId: this.tenantId, sku } });
    return product ? [{ sku, warehouse: 'default', quantity: product.stock, restockAt: null }] : [];
  }
}
