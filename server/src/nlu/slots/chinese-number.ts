const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 两: 2, 贰: 2, 三: 3, 叁: 3, 四: 4, 肆: 4, 五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9 };
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

export const CHINESE_NUMERAL_CHARS = '零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万';

/**
 * Parses an Arabic or Chinese numeral ("199", "一百九十九", "两", "十五", "三千五", "1万") into a
 * number, or null. Shoppers mix both forms freely, so slot extraction accepts either.
 */
export function parseChineseNumber(raw: string): number | null {
  const text = raw.trim();
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const wan = /^(\d+(?:\.\d+)?)万$/.exec(text);
  if (wan) return Number(wan[1]) * 10000;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = 10;
  for (const ch of text) {
    if (ch in DIGITS) {
      digit = DIGITS[ch];
    } else if (ch in UNITS) {
      section += (digit ?? 1) * UNITS[ch];
      lastUnit = UNITS[ch];
      digit = null;
    } else if (ch === '万') {
      total += (section + (digit ?? 0)) * 10000;
      section = 0;
      digit = null;
      lastUnit = 10000;
    } else {
      return null;
    }
  }
  // "三千五" means 3500: a trailing bare digit takes one order below the last unit.
  if (digit !== null) section += lastUnit >= 100 && text.length > 2 && !/零/.test(text) ? digit * (lastUnit / 10) : digit;
  return total + section;
}
