import { loadCommerceSettings } from '../commerce/commerce-settings';
import { answeringSpecFields, describingSentence } from '../nlu/dialogue/product-attribute';
import { yuan } from './order-cards';
import { productCard } from './product-card';
import type { SkillContext, SkillReply } from './skill-context';

/**
 * "有啥颜色", "价格呢", "偏大吗", "什么面料", "保修多久" about the product in force (named now or carried
 * from the last turn): answered from the product's own catalog facts — its price, its spec fields,
 * the sentence of its description that says it. Null when the catalog holds no such fact, so the
 * knowledge base can answer instead.
 */
export async function answerProductFacts(ctx: SkillContext): Promise<SkillReply | null> {
  const name = ctx.understanding.slots.product;
  const attribute = ctx.understanding.reading?.attribute;
  if (typeof name !== 'string' || !attribute || attribute === 'stock') return null;
  const connectors = await ctx.connectors();
  const product = await connectors.catalog.findByName(name);
  if (!product) return null;
  const question = ctx.understanding.question ?? ctx.understanding.normalized ?? ctx.text;
  const specs = product.specs ?? {};
  const lines: string[] = [];
  if (attribute === 'price') lines.push(`${product.name} 售价 ${yuan(product.priceCents)}，以商品页和结算页显示为准（可叠加店铺活动与优惠券）。`);
  for (const field of answeringSpecFields(question, attribute, specs)) lines.push(`${product.name} ${field}：${specs[field]}。`);
  if (lines.length === 0 && product.description) {
    const sentence = describingSentence(attribute, product.description);
    if (sentence) lines.push(`${product.name}：${sentence}。`);
  }
  if (lines.length === 0) return null;
  const levels = await connectors.inventory.stockBySku(product.sku);
  const { productLinkTemplate } = await loadCommerceSettings(ctx.tenantId);
  return { text: lines.join('\n'), cards: [productCard(product, levels, productLinkTemplate)], action: 'store_answer' };
}
