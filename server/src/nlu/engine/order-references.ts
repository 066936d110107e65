const ORDINALS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5 };

/**
 * Which remembered order a turn points at without naming it: 第二单 (the n-th mentioned), 上一单 /
 * 前一单 / 之前那单 (the one before the order in force), 不是这个 (anything but the order in force).
 * Returns undefined when the turn makes no such reference.
 */
export function resolveOrderReference(text: string, mentionedThisTurn: string[], history: string[], active: string | undefined): string | undefined {
  const ordinal = /第([一二两三四五12345])(?:单|个订单|笔)/.exec(text);
  const pool = mentionedThisTurn.length > 1 ? mentionedThisTurn : history;
  if (ordinal) return pool[(ORDINALS[ordinal[1]] ?? 0) - 1];
  if (/(上一|前一|之前那|上个|前面那|另一)(单|个订单|笔)/.test(text)) {
    const index = active ? history.lastIndexOf(active) : history.length;
    return index > 0 ? history[index - 1] : history.find((order) => order !== active);
  }
  if (/不是这(个|单)/.test(text) && active) return [...history].reverse().find((order) => order !== active);
  return undefined;
}
