import { CHINESE_NUMERAL_CHARS, parseChineseNumber } from './chinese-number';

export interface Slots {
  order_id?: string;
  tracking_no?: string;
  phone?: string;
  size?: string;
  color?: string;
  quantity?: number;
  amount?: number;
  address?: string;
  date?: string;
}

export interface ExtractSlotsOptions {
  /** Tenant order-number formats; when given they replace the default recogniser. */
  orderNumberPatterns?: RegExp[];
  /** Reference time for relative dates (明天, 周五, 28号); defaults to the current time. */
  now?: Date;
}

const CN = CHINESE_NUMERAL_CHARS;
const MAX_INPUT = 2000;

/** Carrier prefixes: letter+digit runs with these are waybills, not order numbers. */
const CARRIER_PREFIX = /^(SF|YT|JT|ZT|JDV|YD|STO|DPK|EMS)/i;

function squash(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

function matchesOf(text: string, pattern: RegExp): RegExpExecArray[] {
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  return [...text.matchAll(new RegExp(pattern.source, flags))];
}

function extractTracking(text: string): string | undefined {
  const explicit = /(?<![A-Za-z0-9])(SF\s?\d(?:\s?\d){11}|(?:YT|JT|ZT|JDV|YD)\s?\d(?:\s?\d){7,15})(?![0-9])/i.exec(text);
  if (explicit) return squash(explicit[1]);
  if (/运单|快递单|物流单|快递号|(?<!订)单号/.test(text)) {
    const bare = /(?<![A-Za-z0-9])(\d{12,15})(?!\d)/.exec(text);
    if (bare && !/^1[3-9]\d{9}$/.test(bare[1])) return bare[1];
  }
  return undefined;
}

/** Every order number in a turn, in order of appearance, normalised (a turn may name several). */
export function findOrderIds(text: string, patterns: RegExp[] | undefined, trackingNo?: string): string[] {
  let candidates: string[];
  if (patterns && patterns.length > 0) {
    candidates = patterns.flatMap((p) => matchesOf(text, p).map((m) => squash(m[0])));
  } else {
    candidates = [
      // A letter prefix then 10+ digits (spaces tolerated, shoppers group digits when they copy them by hand).
      ...matchesOf(text, /(?<![A-Za-z0-9])[A-Za-z]{1,4}\s?\d(?:\s?\d){9,24}(?![0-9])/).map((m) => m[0]),
      ...matchesOf(text, /(?<![A-Za-z0-9])\d{15,20}(?!\d)/).map((m) => m[0]),
    ]
      .map(squash)
      .filter((c) => !CARRIER_PREFIX.test(c) && !/^1[3-9]\d{9}$/.test(c));
    candidates.sort((a, b) => text.indexOf(a) - text.indexOf(b));
  }
  return [...new Set(candidates)].filter((c) => c !== trackingNo);
}

function extractOrderId(text: string, patterns: RegExp[] | undefined, trackingNo: string | undefined): string | undefined {
  const candidates = findOrderIds(text, patterns, trackingNo);
  if (candidates.length === 0) return undefined;
  // "我有两单 A 和 B 第二单…": the shopper points at one of several numbers.
  if (candidates.length > 1 && /第二单|第二个|后一单|后面那单|后面那个/.test(text)) return candidates[1];
  return candidates[0];
}

function extractPhone(text: string): string | undefined {
  for (const m of text.matchAll(/(?<![\d])(\d[\d\s-]{9,16}\d)(?![\d])/g)) {
    const digits = m[1].replace(/[\s-]/g, '');
    if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  }
  return undefined;
}

function extractSize(text: string): string | undefined {
  const found: { value: string; index: number }[] = [];
  for (const m of text.matchAll(/(?<!\d)(1[2-9]\d)\s*\/\s*(\d{2,3}[A-Za-z])(?![A-Za-z])/g)) found.push({ value: `${m[1]}/${m[2].toUpperCase()}`, index: m.index ?? 0 });
  for (const m of text.matchAll(/(?<![A-Za-z0-9])([2-5]?X{1,3}[SL]|[SML])(?![A-Za-z0-9])(?=\s*(?:码|号|的|还|有|吗|呢|呀|能|可以|合适|$|[\s,，。?？!！]))/gi)) {
    found.push({ value: m[1].toUpperCase(), index: m.index ?? 0 });
  }
  for (const m of text.matchAll(/(?<![\d.])(\d{2}(?:\.5)?|1[2-9][05])\s*(码|号)(?!码)/g)) {
    const n = Number(m[1]);
    const before = text.slice(Math.max(0, (m.index ?? 0) - 1), m.index ?? 0);
    // "28号" is a date and "8号" an address number; shoe/clothing sizes sit in 20–50 or 120–195.
    if (m[2] === '号' && (n <= 31 || /[月路街道巷栋楼]/.test(before))) continue;
    if ((n >= 20 && n <= 50) || (n >= 120 && n <= 195)) found.push({ value: m[1], index: m.index ?? 0 });
  }
  for (const m of text.matchAll(/(?:换|改成|换成|要|拿|穿)\s*(\d{2}(?:\.5)?)(?=的|吧|$|[\s,，。])/g)) {
    const n = Number(m[1]);
    if (n >= 33 && n <= 48) found.push({ value: m[1], index: m.index ?? 0 });
  }
  if (found.length === 0) return undefined;
  found.sort((a, b) => a.index - b.index);
  // "拍的41 改成42码": the value after a change verb is the one the shopper wants now.
  const change = /改成|换成|改为|换个|换/.exec(text);
  if (change) {
    const after = found.find((f) => f.index >= (change.index ?? 0));
    if (after) return after.value;
  }
  return found[0].value;
}

const NAMED_COLOURS = ['米白', '奶白', '象牙白', '乳白', '卡其', '藏青', '藏蓝', '酒红', '玫红', '枣红', '香槟', '咖啡', '驼色', '杏色', '军绿', '墨绿', '草绿',
  '薄荷绿', '天蓝', '湖蓝', '宝蓝', '雾霾蓝', '深蓝', '浅蓝', '深灰', '浅灰', '烟灰', '钛灰', '星空灰', '午夜黑', '曜石黑', '玫瑰金', '香槟金', '樱花粉', '豆沙',
  '焦糖', '燕麦', '奶茶', '姜黄', '橘色', '橙色', '棕色', '紫色', '银色', '金色', '青色', '粉色', '黑色', '白色', '红色', '蓝色', '灰色', '绿色', '黄色'];
const COLOUR_RE = new RegExp(`(${NAMED_COLOURS.sort((a, b) => b.length - a.length).join('|')})色?|(?<![明空坦表告小大黑白红蓝绿灰])([黑白红蓝灰粉绿黄紫橙棕金银青])(?:色|的(?!话|时候))`);

function extractColor(text: string): string | undefined {
  const all = matchesOf(text, COLOUR_RE);
  if (all.length === 0) return undefined;
  const change = /改成|换成|改为|要的是|换个/.exec(text);
  const m = (change && all.find((x) => (x.index ?? 0) >= (change.index ?? 0))) || all[0];
  const word = m[1] ?? m[2];
  return word.endsWith('色') ? word : `${word}色`;
}

const QUANTITY_UNITS = '件个双台箱瓶盒包条只套支袋罐份部本张桶听对副把';

function extractQuantity(text: string): number | undefined {
  const re = new RegExp(`(\\d{1,4}|[${CN}]{1,4})\\s*([${QUANTITY_UNITS}])(?!月|小时|钟|半|人|性)`, 'g');
  for (const m of text.matchAll(re)) {
    const before = text.slice(Math.max(0, (m.index ?? 0) - 1), m.index ?? 0);
    // "一下/一个人"-like idioms and "这个" are not counts; "第二个" is an ordinal.
    if (/[第这那哪每]/.test(before)) continue;
    if (m[1] === '一' && m[2] === '个' && /一个(?:新的|颜色|码)/.test(text.slice(m.index ?? 0))) continue;
    const n = parseChineseNumber(m[1]);
    if (n !== null && Number.isInteger(n) && n > 0 && n < 10000) return n;
  }
  return undefined;
}

function extractAmount(text: string): number | undefined {
  const patterns = [
    /[¥￥]\s*(\d+(?:\.\d+)?)/,
    /(\d+(?:\.\d+)?)\s*(?:元|块|rmb|RMB)/,
    new RegExp(`([${CN}]{1,8})\\s*(?:元|块钱|块)`),
    new RegExp(`(?:降了|便宜了|便宜|少了|贵了|差价|差了|退我|补我|补|预算)\\s*(\\d+(?:\\.\\d+)?|[${CN}]{1,6})(?![\\d${CN}]*\\s*(?:天|号|件|个|码|%))`),
  ];
  for (const p of patterns) {
    const m = p.exec(text);
    if (!m) continue;
    const n = parseChineseNumber(m[1]);
    if (n !== null && n > 0) return n;
  }
  return undefined;
}

const ADDRESS_TRIGGERS = /(?:地址改成|地址改为|改成|改为|换成|地址是|新地址|寄到|送到|发到|收货地址|地址|应该是|就是|是)[:：]?/g;
const ADDRESS_SHAPE = /^[\u4e00-\u9fa5]{2,}(?:省|市|自治区|区|县|州|旗)[\u4e00-\u9fa5A-Za-z0-9\-#号]*?(?:路|街|道|巷|弄|村|镇|小区|大厦|广场|园|号|栋|幢|室|楼|单元)[\u4e00-\u9fa5A-Za-z0-9\-#]*$/;

function extractAddress(text: string): string | undefined {
  for (const clause of text.split(/[\s,，。！!？?；;]+/)) {
    let candidate = clause;
    const triggers = [...candidate.matchAll(ADDRESS_TRIGGERS)];
    if (triggers.length > 0) {
      const last = triggers[triggers.length - 1];
      const rest = candidate.slice((last.index ?? 0) + last[0].length);
      if (rest) candidate = rest;
    }
    candidate = candidate.replace(/(?:吧|呢|啊|哈|哦|呀|了|谢谢|可以吗|行吗|好吗)+$/, '');
    if (candidate.length >= 6 && ADDRESS_SHAPE.test(candidate) && /\d|[路街道巷村镇号栋]/.test(candidate)) return candidate;
  }
  return undefined;
}

const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 0, 天: 0, 末: 6 };

function iso(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

function addDays(base: Date, days: number): Date {
  return new Date(base.getFullYear(), base.getMonth(), base.getDate() + days);
}

function extractDate(text: string, now: Date): string | undefined {
  const relative: [RegExp, number][] = [[/大后天/, 3], [/后天/, 2], [/明天|明儿|明早|明晚/, 1], [/今天|今晚|今儿|今日/, 0], [/大前天/, -3], [/前天/, -2], [/昨天|昨晚|昨日/, -1]];
  const monthDay = /(\d{1,2}|[十一二三四五六七八九]{1,3})\s*月\s*(\d{1,2}|[十一二三四五六七八九]{1,3})\s*[号日]?/.exec(text);
  if (monthDay) {
    const month = parseChineseNumber(monthDay[1]);
    const day = parseChineseNumber(monthDay[2]);
    if (month && day && month >= 1 && month <= 12 && day >= 1 && day <= 31) {
      let candidate = new Date(now.getFullYear(), month - 1, day);
      // A month-day well in the past most likely means next year's ("1月3号" said in December).
      if (candidate.getTime() < addDays(now, -60).getTime()) candidate = new Date(now.getFullYear() + 1, month - 1, day);
      return iso(candidate);
    }
  }
  const week = /(下下|下个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天末])/.exec(text);
  if (week) {
    const target = WEEKDAYS[week[2]];
    const today = now.getDay();
    // Monday-based offsets: 下周X is X in the following calendar week, bare 周X the next one from today.
    const sameWeek = ((target + 6) % 7) - ((today + 6) % 7);
    let delta = (target - today + 7) % 7;
    if (week[1]?.startsWith('下下')) delta = sameWeek + 14;
    else if (week[1]?.startsWith('下')) delta = sameWeek + 7;
    else if (week[1]) delta = sameWeek;
    return iso(addDays(now, delta));
  }
  for (const [pattern, days] of relative) if (pattern.test(text)) return iso(addDays(now, days));
  const dayOnly = /(?:^|[\s,，在到于是等这前要])(\d{1,2})\s*[号日](?![码\d])/.exec(text);
  if (dayOnly) {
    const day = Number(dayOnly[1]);
    if (day >= 1 && day <= 31) {
      const candidate = new Date(now.getFullYear(), now.getMonth(), day);
      return iso(day < now.getDate() ? new Date(now.getFullYear(), now.getMonth() + 1, day) : candidate);
    }
  }
  return undefined;
}

/**
 * Pulls contract slots out of one (already normalised) shopper turn. Pure and total: any string,
 * however odd, yields a (possibly empty) Slots object.
 */
export function extractSlots(text: string, opts: ExtractSlotsOptions = {}): Slots {
  if (typeof text !== 'string' || !text) return {};
  // NFKC makes full-width digits and spaces ordinary; the length cap bounds regex work on pasted walls of text.
  const input = text.normalize('NFKC').slice(0, MAX_INPUT);
  const slots: Slots = {};
  const tracking = extractTracking(input);
  if (tracking) slots.tracking_no = tracking;
  const orderId = extractOrderId(input, opts.orderNumberPatterns, tracking);
  if (orderId) slots.order_id = orderId;
  const phone = extractPhone(input);
  if (phone) slots.phone = phone;
  // Numbers already claimed as identifiers must not leak into sizes, amounts or dates.
  let rest = input;
  for (const claimed of [orderId, tracking]) if (claimed) rest = rest.replace(new RegExp(claimed.split('').join('\\s?'), 'i'), ' ');
  rest = rest.replace(/(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/g, ' ');
  const address = extractAddress(rest);
  if (address) slots.address = address;
  const scan = address ? rest.replace(address, ' ') : rest;
  const size = extractSize(scan);
  if (size) slots.size = size;
  const color = extractColor(scan);
  if (color) slots.color = color;
  const quantity = extractQuantity(scan);
  if (quantity !== undefined) slots.quantity = quantity;
  const amount = extractAmount(scan);
  if (amount !== undefined) slots.amount = amount;
  const date = extractDate(scan, opts.now ?? new Date());
  if (date) slots.date = date;
  return slots;
}
