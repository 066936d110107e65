/**
 * What the dialogue skills need from a merchant's systems, independent of who provides it (our own
 * tables, a merchant's HTTP API, Kuaidi100). Amounts are integer cents; times are Date objects.
 * Phone and address are plain inside the server only: skills never put them in replies or logs.
 */
import type { ConnectorKind } from '../action-models';

export type CommerceOrderStatus = 'unpaid' | 'paid' | 'shipped' | 'delivered' | 'completed' | 'cancelled' | 'refunding' | 'refunded';

export interface CommerceOrderItem {
  sku: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  size?: string;
  color?: string;
}

export interface CommerceOrder {
  orderNo: string;
  /** The merchant's own customer reference (customers.external_ref), which ownership is checked against. */
  customerRef: string | null;
  status: CommerceOrderStatus;
  items: CommerceOrderItem[];
  totalCents: number;
  recipientPhone: string | null;
  recipientAddress: string | null;
  carrier: string | null;
  trackingNo: string | null;
  placedAt: Date;
  paidAt: Date | null;
  shippedAt: Date | null;
}

/** A write the order system acknowledged; `reference` is its id for the request (refund no., ticket). */
export interface OrderActionResult {
  accepted: boolean;
  reference?: string;
  /** Why the order system refused, in its words. */
  message?: string;
}

/** Every write carries a key the provider uses to apply it once, however often it is retried. */
export interface OrderWrite {
  orderNo: string;
  idempotencyKey: string;
}

/** One line of an order as the shopper bought it: the product and the variant they chose. */
export interface OrderItemRef {
  sku: string;
  size?: string;
  color?: string;
}

export interface OrdersConnector {
  getOrder(orderNo: string): Promise<CommerceOrder | null>;
  listOrdersByCustomer(customerRef: string): Promise<CommerceOrder[]>;
  changeAddress(write: OrderWrite & { address: string }): Promise<OrderActionResult>;
  cancelOrder(write: OrderWrite & { reason: string }): Promise<OrderActionResult>;
  /** Changes size / colour / quantity of the line `item` names (requests stored before lines were named carry none: the first line). */
  modifyOrder(write: OrderWrite & { item?: OrderItemRef; changes: Record<string, string> }): Promise<OrderActionResult>;
  createRefund(write: OrderWrite & { kind: 'refund' | 'return' | 'exchange'; amountCents: number; reason: string }): Promise<OrderActionResult>;
  claimPriceProtection(write: OrderWrite & { sku: string; amountCents: number }): Promise<OrderActionResult>;
  requestInvoice(write: OrderWrite & { title: string; taxId?: string }): Promise<OrderActionResult>;
  /** Shopping carts changed since `since`, for systems that keep them (others push carts, or have none). */
  listCartsChangedSince?(since: Date): Promise<CommerceCart[]>;
}

/** A shopper's cart as the merchant's system holds it. */
export interface CommerceCart {
  cartRef: string;
  customerRef: string;
  items: { sku: string; name: string; quantity: number; unitPriceCents: number }[];
  state: 'active' | 'checked_out' | 'cleared';
  changedAt: Date;
}

/** Normalised logistics states, whatever the carrier or aggregator calls them. */
export type TrackingState = 'collected' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'exception' | 'returned' | 'unknown';

export interface TrackingEvent {
  at: Date;
  state: TrackingState;
  text: string;
}

export interface LogisticsConnector {
  /** Newest event first. */
  track(input: { carrier: string; trackingNo: string; phone?: string | null }): Promise<TrackingEvent[]>;
}

export interface StockLevel {
  sku: string;
  warehouse: string;
  quantity: number;
  restockAt: Date | null;
}

export interface InventoryConnector {
  stockBySku(sku: string): Promise<StockLevel[]>;
}

export interface CrmFacts {
  tier: string;
  lifetimeValueCents: number;
  tags: string[];
  notes: string | null;
  riskScore: number;
}

export interface CrmConnector {
  profile(customerRef: string): Promise<CrmFacts | null>;
}

export interface CouponView {
  code: string;
  title: string;
  discountCents: number;
  minSpendCents: number;
  expiresAt: Date;
}

export interface PromotionView {
  title: string;
  description: string;
  endsAt: Date;
}

export interface MarketingConnector {
  listCoupons(customerRef: string): Promise<CouponView[]>;
  issueCoupon(input: { customerRef: string; title: string; discountCents: number; minSpendCents: number; validDays: number; idempotencyKey: string }): Promise<CouponView>;
  listPromotions(at: Date): Promise<PromotionView[]>;
}

export interface CatalogProductView {
  sku: string;
  name: string;
  category: string | null;
  priceCents: number;
  customMade: boolean;
  description: string | null;
  /** The merchant's spec fields (材质, 颜色可选, 尺码建议 …), when the catalog keeps them. */
  specs?: Record<string, string>;
}

export interface CatalogConnector {
  getProduct(sku: string): Promise<CatalogProductView | null>;
  findByName(name: string): Promise<CatalogProductView | null>;
  listByCategory(category: string, limit: number): Promise<CatalogProductView[]>;
  related(sku: string): Promise<CatalogProductView[]>;
}

/** One tenant's connectors, each from the provider the tenant configured for its kind. */
export interface CommerceConnectors {
  orders: OrdersConnector;
  logistics: LogisticsConnector;
  inventory: InventoryConnector;
  crm: CrmConnector;
  marketing: MarketingConnector;
  catalog: CatalogConnector;
}

export type { ConnectorKind };
