/**
 * Which fact about a product a turn asks for ("有啥颜色", "价格呢", "偏大吗", "什么面料", "保修多久"),
 * and which of the catalog's own spec fields answers it. The spec fields are the merchant's (材质,
 * 颜色可选, 尺码建议, 容量 …): a field is found by its own name first, then by what shoppers call it,
 * so a tea shop's 产地 or 保质期 works without a word here.
 */
export type ProductAttribute = 'care' | 'price' | 'color' | 'size' | 'material' | 'weight' | 'warranty' | 'stock' | 'capacity' | 'power' | 'length' | 'battery' | 'screen' | 'storage' | 'area' | 'origin' | 'shelf_life';

/** Shopper wording → attribute. Most specific first: "什么颜色的面料" is about the fabric. */
const ATTRIBUTE_WORDS: [ProductAttribute, RegExp][] = [
  ['size', /偏大|偏小|正码|码数|尺码|穿多大|穿啥码|穿什么码|选多大|多大码|大一码|小一码|大半码|小半码|什么码|啥码|几码|合脚|宽脚|尺寸建议/],
  ['material', /材质|面料|料子|布料|什么做的|啥做的|真皮|纯棉|填充|含绒|鸭绒|鹅绒|什么料/],
  ['color', /颜色|配色|色号|啥色|什么色|几种色|哪些色|[红黑白灰蓝绿粉紫黄青]色(?:吗|么|嘛|不|没|有没有)|有[红黑白灰蓝绿粉紫黄]的/],
  ['price', /价格|价钱|多少钱|几多钱|几钱|咩价|卖多少|售价|啥价|什么价|多钱|贵不贵|几块/],
  ['warranty', /保修|联保|质保|保固|售后多久|坏了.{0,4}(?:修|换)/],
  ['weight', /多重|重量|几斤|多少克|重不重|几克/],
  ['capacity', /容量|几升|多少升|几个人用|够几个人/],
  ['power', /功率|多少瓦|几瓦|瓦数|多少w|几w/i],
  ['length', /多长|长度|几米/],
  ['battery', /续航|待机|用多久|充一次|电池/],
  ['screen', /屏幕|几寸|多大屏/],
  ['storage', /内存|存储|几个g|多少g|容量版本/i],
  ['area', /多大房间|面积|平米|平方/],
  ['origin', /产地|哪里产|哪产的|原产/],
  ['shelf_life', /保质期|能放多久|过期/],
  ['care', /清洗|怎么洗|洗涤|保养|打理|清洁|机洗|手洗|干洗/],
  ['stock', /有货|现货|还有吗|还有没有|有没有货|缺货|补货|库存|断货|卖完/],
];

/** What each attribute's spec field is usually called, when the field's own name is not in the turn. */
const FIELD_NAMES: Record<ProductAttribute, RegExp> = {
  price: /价格|售价/,
  color: /颜色|配色/,
  size: /尺码建议|尺码|鞋码|尺寸/,
  material: /材质|面料|内胆|填充/,
  weight: /重量/,
  warranty: /保修|质保|联保/,
  stock: /库存/,
  capacity: /容量/,
  power: /功率/,
  length: /长度/,
  battery: /续航|电池/,
  screen: /屏幕/,
  storage: /存储|内存/,
  area: /面积/,
  origin: /产地/,
  shelf_life: /保质期/,
  care: /清洗|洗涤|保养|洗|清洁/,
};

export function askedAttribute(text: string): ProductAttribute | undefined {
  return ATTRIBUTE_WORDS.find(([, words]) => words.test(text))?.[0];
}

/**
 * The spec fields that answer a turn: a field whose own name the shopper used ("容量多大" → 容量),
 * else the fields the asked attribute is usually stored under. Empty when the product has none.
 */
export function answeringSpecFields(text: string, attribute: ProductAttribute | undefined, specs: Record<string, string>): string[] {
  const keys = Object.keys(specs);
  const named = keys.filter((key) => key.replace(/可选|建议/g, '').length >= 2 && text.includes(key.replace(/可选|建议/g, '')));
  if (named.length > 0) return named;
  if (!attribute) return [];
  const field = FIELD_NAMES[attribute];
  const matching = keys.filter((key) => field.test(key));
  // 尺码建议 answers "偏大吗" better than the list of sizes; other attributes take every field.
  if (attribute === 'size') return matching.filter((key) => key.includes('建议')).slice(0, 1).concat(matching.filter((key) => !key.includes('建议'))).slice(0, 1);
  return matching;
}

/** The description's sentence about an attribute when no spec field holds it ("享受全国联保一年"). */
export function describingSentence(attribute: ProductAttribute, description: string): string | undefined {
  const field = attribute === 'warranty' ? /保修|联保|质保/ : FIELD_NAMES[attribute];
  return description.split(/[。；;！!]/).find((sentence) => field.test(sentence))?.trim() || undefined;
}
