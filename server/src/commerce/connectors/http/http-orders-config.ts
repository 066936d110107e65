import { z } from 'zod';

const endpointSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH']).default('GET'),
  /** `{orderNo}` and `{customerRef}` are replaced (URL-encoded). */
  path: z.string().startsWith('/'),
});

/** How a write's answer says yes/no, the reference and the refusal message. */
const writeAnswerSchema = z.object({ accepted: z.string().default('success'), reference: z.string().optional(), message: z.string().optional() });

/**
 * One merchant's order system over HTTP: endpoints, the auth header, and dotted paths from each of
 * our fields to theirs. Validated when the merchant saves it and again when it is loaded.
 */
export const httpOrdersConfigSchema = z.object({
  baseUrl: z.url(),
  authHeader: z.object({ name: z.string().min(1), value: z.string().min(1) }).optional(),
  timeoutMs: z.number().int().min(100).max(30_000).default(3000),
  /** Their amounts are yuan (decimal) or cents (integer). */
  amountUnit: z.enum(['cents', 'yuan']).default('cents'),
  endpoints: z.object({
    getOrder: endpointSchema,
    listOrders: endpointSchema.optional(),
    changeAddress: endpointSchema.optional(),
    cancelOrder: endpointSchema.optional(),
    modifyOrder: endpointSchema.optional(),
    createRefund: endpointSchema.optional(),
    claimPriceProtection: endpointSchema.optional(),
    requestInvoice: endpointSchema.optional(),
    /** Carts changed since `{since}` (ISO 8601, URL-encoded), for cart reminders; needs `cartFields`. */
    listCarts: endpointSchema.optional(),
  }),
  /** Where the order object sits in the get answer, and the order list in the list answer. */
  orderRoot: z.string().default(''),
  listRoot: z.string().default(''),
  orderFields: z.object({
    orderNo: z.string(),
    customerRef: z.string(),
    status: z.string(),
    totalAmount: z.string(),
    items: z.string(),
    recipientPhone: z.string().optional(),
    recipientAddress: z.string().optional(),
    carrier: z.string().optional(),
    trackingNo: z.string().optional(),
    placedAt: z.string(),
    paidAt: z.string().optional(),
    shippedAt: z.string().optional(),
  }),
  itemFields: z.object({ sku: z.string(), name: z.string(), quantity: z.string(), unitAmount: z.string(), size: z.string().optional(), color: z.string().optional() }),
  /** Their status words → ours; unmapped statuses are rejected rather than guessed. */
  statusMap: z.record(z.string(), z.enum(['unpaid', 'paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunding', 'refunded'])),
  writeAnswer: writeAnswerSchema.default({ accepted: 'success' }),
  /** Where the cart list sits in the listCarts answer, and each cart's fields (its lines use `itemFields`). */
  cartsRoot: z.string().default(''),
  cartFields: z.object({ cartRef: z.string(), customerRef: z.string(), items: z.string(), changedAt: z.string(), state: z.string().optional() }).optional(),
  /** Their cart state words → ours; a cart without a state field is active. */
  cartStateMap: z.record(z.string(), z.enum(['active', 'checked_out', 'cleared'])).default({}),
}).refine((config) => !config.endpoints.listCarts || config.cartFields, { message: 'endpoints.listCarts needs cartFields', path: ['cartFields'] });

export type HttpOrdersConfig = z.infer<typeof httpOrdersConfigSchema>;
export type HttpEndpoint = z.infer<typeof endpointSchema>;
