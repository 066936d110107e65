import type { SkillContext } from './skill-context';

/** What the shopper wants changed on an item, as the order system's modify call takes it (strings). */
export type ItemChanges = Partial<Record<'size' | 'color' | 'quantity', string>>;

/** Upper bound for a quantity typed in chat: larger numbers are far likelier a misread than a wish. */
const MAX_QUANTITY = 99;

/** The size / colour / quantity slots of this turn, or null when the shopper named none of them. */
export function requestedItemChanges(ctx: SkillContext): ItemChanges | null {
  const { size, color, quantity } = ctx.understanding.slots as { size?: unknown; color?: unknown; quantity?: unknown };
  const changes: ItemChanges = {};
  if (typeof size === 'string' && size.length > 0) changes.size = size;
  if (typeof color === 'string' && color.length > 0) changes.color = color;
  const count = typeof quantity === 'number' ? quantity : typeof quantity === 'string' ? Number(quantity) : NaN;
  if (Number.isInteger(count) && count >= 1 && count <= MAX_QUANTITY) changes.quantity = String(count);
  return Object.keys(changes).length > 0 ? changes : null;
}

export function describeChanges(changes: ItemChanges): string {
  const parts: string[] = [];
  if (changes.size) parts.push(`尺码 ${changes.size}`);
  if (changes.color) parts.push(`颜色 ${changes.color}`);
  if (changes.quantity) parts.push(`数量 ${changes.quantity} 件`);
  return parts.join('，');
}
