import { z } from 'zod';
import { CommerceSettingsRow } from './action-models';

/** The merchant's commerce policy knobs; every field has a default a small shop can live with. */
export const commerceSettingsSchema = z.object({
  /** Days after payment within which a price drop is refunded. */
  priceProtectionDays: z.number().int().min(0).max(90).default(7),
  /** Where "buy" sends the shopper: a checkout URL or mini-program path; `{sku}` is replaced. */
  productLinkTemplate: z.string().min(1).default('/pages/product/index?sku={sku}'),
  /** Where a cart reminder sends the shopper to pay: the store's cart or checkout page; `{cartRef}` is replaced. */
  cartLinkTemplate: z.string().min(1).default('/pages/cart/index?cart={cartRef}'),
});
export type CommerceSettings = z.infer<typeof commerceSettingsSchema>;

export async function loadCommerceSettings(tenantId: number): Promise<CommerceSettings> {
  const row = await CommerceSettingsRow.findOne({ where: { tenantId } });
  const parsed = commerceSettingsSchema.safeParse(row?.settings ?? {});
  // A stored value that no longer validates falls back to defaults rather than breaking every reply.
  return parsed.success ? parsed.data : commerceSettingsSchema.parse({});
}

export async function saveCommerceSettings(tenantId: number, input: unknown): Promise<CommerceSettings> {
  const settings = commerceSettingsSchema.parse(input);
  const existing = await CommerceSettingsRow.findOne({ where: { tenantId } });
  if (existing) await CommerceSettingsRow.update({ settings }, { where: { tenantId, id: existing.id } });
  else await CommerceSettingsRow.create({ tenantId, settings });
  return settings;
}
