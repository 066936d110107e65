import type { Card } from '@kefu/shared';
import { loadCommerceSettings } from '../commerce/commerce-settings';
import type { CatalogProductView } from '../commerce/connectors/connector-types';
import { productCard, totalStock } from './product-card';
import type { SkillContext, SkillReply } from './skill-context';

/**
 * Guided ordering: a named product with its accessories, or the in-stock picks of a category, each
 * as a product card whose link leads to checkout (or the mini-program page).
 */
export async function recommendProducts(ctx: SkillContext): Promise<SkillReply | null> {
  const connectors = await ctx.connectors();
  const { productLinkTemplate } = await loadCommerceSettings(ctx.tenantId);
  const slotProduct = typeof ctx.understanding.slots.product === 'string' ? await connectors.catalog.findByName(ctx.understanding.slots.product) : null;
  // The tenant's categories the turn names (nlu/catalog/catalog-categories); "苹果16的充电器" names the
  // phone's category and the charger's: the one the named product is not in is what is asked for.
  const categories = ctx.understanding.reading?.categories ?? [];
  const category = categories.find((c) => c !== slotProduct?.category) ?? categories[0];
  // "想买个手机" may resolve to a phone case; a named category the product is not in means "show me that category".
  const named = slotProduct && (!category || slotProduct.category === category) ? slotProduct : null;
  const withStock = async (products: CatalogProductView[]) =>
    Promise.all(products.map(async (product) => ({ product, levels: await connectors.inventory.stockBySku(product.sku) })));

  if (named) {
    const [main] = await withStock([named]);
    const accessories = (await withStock(await connectors.catalog.related(named.sku))).filter((a) => totalStock(a.levels) > 0).slice(0, 2);
    const cards: Card[] = [productCard(main.product, main.levels, productLinkTemplate), ...accessories.map((a) => productCard(a.product, a.levels, productLinkTemplate))];
    const stockText = totalStock(main.levels) > 0 ? '现货可发' : '暂时缺货';
    const extra = accessories.length > 0 ? `搭配推荐：${accessories.map((a) => a.product.name).join('、')}。` : '';
    return { text: `为您推荐 ${named.name}（${stockText}）。${extra}点击卡片即可下单。`, cards, action: 'recommendation' };
  }
  if (!category) return null;
  // An accessory for a named product ("小米14的充电头"): its own accessories of that kind first.
  const forProduct = slotProduct ? (await connectors.catalog.related(slotProduct.sku)).filter((p) => p.category === category) : [];
  const picks = (await withStock(forProduct.length > 0 ? forProduct : await connectors.catalog.listByCategory(category, 10))).filter((p) => totalStock(p.levels) > 0).slice(0, 3);
  if (picks.length === 0) return { text: '这一类商品暂时都缺货了，可以留下想要的款式，到货后通知您。', cards: [], action: 'recommendation' };
  return {
    text: `为您挑选了 ${picks.length} 款有现货的商品：${picks.map((p) => p.product.name).join('、')}。点击卡片查看详情并下单。`,
    cards: picks.map((p) => productCard(p.product, p.levels, productLinkTemplate)),
    action: 'recommendation',
  };
}
