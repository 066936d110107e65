import { ConflictError, NotFoundError } from '@kefu/shared';
import { retryOnConflict } from '../db/retry-on-conflict';
import { STANDARD_INTENT_IDS } from './standard-intents';
import { MerchantIntent } from './models';

export interface MerchantIntentInput {
  intentId: string;
  description?: string | null;
  examples: string[];
}

/** Adds or replaces a merchant intent. Standard intent ids are reserved: merchants extend, never redefine. */
export async function saveMerchantIntent(tenantId: number, input: MerchantIntentInput): Promise<MerchantIntent> {
  if (STANDARD_INTENT_IDS.has(input.intentId)) throw new ConflictError(`"${input.intentId}" is a standard intent; choose another id`);
  const examples = [...new Set(input.examples.map((e) => e.trim()).filter(Boolean))];
  return retryOnConflict(async () => {
    const existing = await MerchantIntent.findOne({ where: { tenantId, intentId: input.intentId } });
    if (existing) return existing.update({ description: input.description ?? existing.description, examples });
    return MerchantIntent.create({ tenantId, intentId: input.intentId, description: input.description ?? null, examples });
  });
}

export async function listMerchantIntents(tenantId: number): Promise<MerchantIntent[]> {
  return MerchantIntent.findAll({ where: { tenantId }, order: [['intentId', 'ASC']] });
}

export async function deleteMerchantIntent(tenantId: number, intentId: string): Promise<void> {
  const intent = await MerchantIntent.findOne({ where: { tenantId, intentId } });
  if (!intent) throw new NotFoundError(`merchant intent "${intentId}" not found`);
  await intent.destroy();
}
