import type { AuditLog } from '../auth/audit-log';
import type { FieldCipher } from '../privacy/field-cipher';
import { hasOptedOut } from './opt-out';
import { findShopperReach, type ShopperReach } from './reach-shopper';

/**
 * Per-scan memo of the per-shopper look-ups: a shopper with many triggers (500 unpaid orders, or
 * one parcel and one coupon) is looked up once per scan, not once per trigger. A send forgets the
 * shopper's reach, because it changes how much of the platform's quota is left.
 */
export class ShopperLookups {
  private readonly reaches = new Map<number, Promise<ShopperReach | null>>();
  private readonly optOuts = new Map<number, Promise<boolean>>();

  constructor(
    private readonly tenantId: number,
    private readonly audit: AuditLog,
    private readonly cipher: FieldCipher,
  ) {}

  reach(customerId: number): Promise<ShopperReach | null> {
    return this.memo(this.reaches, customerId, () => findShopperReach(this.tenantId, customerId, this.cipher));
  }

  optedOut(customerId: number): Promise<boolean> {
    return this.memo(this.optOuts, customerId, () => hasOptedOut(this.tenantId, customerId, this.audit));
  }

  sentTo(customerId: number): void {
    this.reaches.delete(customerId);
  }

  private memo<T>(cache: Map<number, Promise<T>>, customerId: number, load: () => Promise<T>): Promise<T> {
    let value = cache.get(customerId);
    if (!value) {
      value = load();
      // A failed look-up is not remembered: the next trigger tries again.
      value.catch(() => cache.delete(customerId));
      cache.set(customerId, value);
    }
    return value;
  }
}
