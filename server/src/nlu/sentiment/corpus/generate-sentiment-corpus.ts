import { seededRandom } from '../../intent/seeded-random';
import { COMMON_ASPECTS, SHOPPING_DOMAINS, type AspectOpinions } from './shopping-aspects';
import {
  BAD_EMOJI,
  BAD_EVENTS,
  COMPARED_WITH,
  CONTRASTS,
  DEGREES,
  ENDINGS,
  GOOD_EMOJI,
  GOOD_EVENTS,
  MILD_DEGREES,
  MORE_BAD,
  MORE_GOOD,
  NEGATE_BAD,
  NEGATE_GOOD,
  OPENERS,
  STORY_CLAUSES,
  VERDICT_BAD,
  VERDICT_GOOD,
  VERDICT_LUKEWARM,
} from './opinion-words';
import { NEGATIVE_REVIEWS, POSITIVE_REVIEWS } from './handwritten-reviews';
import { NEGATIVE_LONG_REVIEWS, POSITIVE_LONG_REVIEWS } from './handwritten-long-reviews';
import { COMPLAINT_TURNS, NEUTRAL_TURNS, THANKS_TURNS } from './service-turns';
import { COMPLAINT_GRAMMAR, STATEMENT_GRAMMAR } from './service-turn-grammar';

/** 1 = positive, 0 = negative, 0.5 = carries no sentiment (service questions): a soft target. */
export interface SentimentExample {
  text: string;
  label: number;
}

export interface CorpusOptions {
  seed?: number;
  /** Generated review sentences (half positive, half negative). */
  reviews?: number;
  /** Generated service turns (complaints, thanks and questions). */
  serviceTurns?: number;
}

type Rng = () => number;

/** Handwritten text is rarer than generated text but closer to real shoppers (6 measured worse than 3). */
const HANDWRITTEN_WEIGHT = 3;

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** "屏幕很清晰", "屏幕一点也不卡", "屏幕看视频很爽". */
function goodClause(rng: Rng, aspect: AspectOpinions): string {
  const noun = pick(rng, aspect.nouns);
  const r = rng();
  if (r < 0.55) return `${noun}${pick(rng, DEGREES)}${pick(rng, aspect.good)}`;
  if (r < 0.7) return `${noun}${pick(rng, NEGATE_BAD)}${pick(rng, aspect.bad)}`;
  if (aspect.goodPhrases && r < 0.92) return rng() < 0.5 ? pick(rng, aspect.goodPhrases) : `${noun}${pick(rng, ['', '', '也', '都'])}${pick(rng, aspect.goodPhrases)}`;
  return `${noun}${pick(rng, DEGREES)}${pick(rng, aspect.good)}`;
}

/** "续航太差", "屏幕不太清晰", "充满电用两个小时就没了". */
function badClause(rng: Rng, aspect: AspectOpinions, strong = false): string {
  const noun = pick(rng, aspect.nouns);
  const r = rng();
  if (r < 0.45) return `${noun}${pick(rng, strong ? DEGREES : [...DEGREES, ...MILD_DEGREES])}${pick(rng, aspect.bad)}`;
  if (r < 0.68) return `${noun}${pick(rng, NEGATE_GOOD)}${pick(rng, aspect.good)}`;
  if (aspect.badPhrases && r < 0.95) return rng() < 0.5 ? pick(rng, aspect.badPhrases) : `${noun}${pick(rng, aspect.badPhrases)}`;
  return `${noun}${pick(rng, DEGREES)}${pick(rng, aspect.bad)}`;
}

/** "比想象中差很多", "没有上次买的甜", "比超市买的好多了": opinions by comparison. */
function comparison(rng: Rng, aspect: AspectOpinions, positive: boolean): string {
  const other = pick(rng, COMPARED_WITH);
  const good = pick(rng, aspect.good);
  const bad = pick(rng, aspect.bad);
  if (positive) {
    const r = rng();
    if (r < 0.5) return `比${other}${pick(rng, ['', '还', '更', '要'])}${good}${pick(rng, ['', '多了', '很多', '一些', '不少'])}`;
    if (r < 0.75) return `${pick(rng, ['没有', '不比', '一点不比'])}${other}${pick(rng, ['差', bad])}`;
    return `${pick(rng, ['和', '跟'])}${other}${pick(rng, ['一样', '一样好', '差不多'])}${good}`;
  }
  const r = rng();
  if (r < 0.4) return `比${other}${pick(rng, ['', '还', '更', '要'])}${pick(rng, ['差', bad])}${pick(rng, ['', '多了', '很多', '太多', '一些', '不少'])}`;
  if (r < 0.75) return `${pick(rng, ['没有', '没', '远没有', '还不如', '不如'])}${other}${pick(rng, ['', '那么', '的'])}${good}`;
  return `${pick(rng, ['和', '跟', '与'])}${other}${pick(rng, ['差太多', '差远了', '完全不一样', '根本没法比', '差距太大'])}`;
}

/** "没一个是好的", "个个都很甜": a verdict on how many of the lot were good. */
function countClause(rng: Rng, aspect: AspectOpinions, positive: boolean): string {
  if (positive) return `${pick(rng, ['个个', '每一个都', '全部都', '都', '没有一个不'])}${pick(rng, DEGREES)}${pick(rng, aspect.good)}`;
  return pick(rng, [`没一个${pick(rng, ['是', ''])}${pick(rng, aspect.good)}的`, `${pick(rng, ['一半', '大部分', '好几个', '全', '都'])}${pick(rng, ['是', '都是', ''])}${pick(rng, aspect.bad)}的`, `${pick(rng, aspect.bad)}不说，还${pick(rng, aspect.bad)}`, `又${pick(rng, aspect.bad)}又${pick(rng, aspect.bad)}`]);
}

/** "包装有点简陋": a small complaint a happy shopper still mentions. */
function mildBadClause(rng: Rng, aspect: AspectOpinions): string {
  const noun = pick(rng, aspect.nouns);
  return rng() < 0.7 ? `${noun}${pick(rng, MILD_DEGREES)}${pick(rng, aspect.bad)}` : `${noun}${pick(rng, ['不太', '不是很', '没那么'])}${pick(rng, aspect.good)}`;
}

function joinClauses(rng: Rng, clauses: string[]): string {
  const comma = pick(rng, ['，', '，', '，', ',', ' ', '。', '']);
  return clauses.filter(Boolean).join(comma);
}

function finish(rng: Rng, text: string, emoji: readonly string[]): string {
  const end = pick(rng, ENDINGS);
  return `${withStory(rng, text)}${end}${rng() < 0.12 ? pick(rng, emoji) : ''}`;
}

/** Real reviews tell a story around the opinion: a third of the sentences get one or two story clauses. */
function withStory(rng: Rng, text: string): string {
  const r = rng();
  if (r < 0.67) return text;
  const story = pick(rng, STORY_CLAUSES);
  const comma = pick(rng, ['，', '。', ',', ' ']);
  if (r < 0.85) return `${story}${comma}${text}`;
  if (r < 0.93) return `${text}${comma}${story}`;
  return `${story}${comma}${pick(rng, STORY_CLAUSES)}${comma}${text}`;
}

function review(rng: Rng, positive: boolean): string {
  const domain = pick(rng, SHOPPING_DOMAINS);
  const aspects = [...domain.aspects, ...COMMON_ASPECTS];
  const aspect = () => (rng() < 0.7 ? pick(rng, domain.aspects) : pick(rng, aspects));
  const opener = pick(rng, OPENERS);
  const item = rng() < 0.3 ? pick(rng, domain.items) : '';
  const count = 1 + Math.floor(rng() * 3);
  const shape = rng();
  if (positive) {
    const verdict = rng() < 0.75 ? pick(rng, rng() < 0.5 ? VERDICT_GOOD : MORE_GOOD) : '';
    if (shape < 0.15) return finish(rng, joinClauses(rng, [`${opener}${pick(rng, ['虽然', '', ''])}${mildBadClause(rng, aspect())}`, `${pick(rng, ['但是', '不过', '但', '可是'])}${goodClause(rng, aspect())}`, verdict || pick(rng, VERDICT_GOOD)]), GOOD_EMOJI);
    // "挺好的，就是物流有点慢": praise first, a small gripe after, still a happy review.
    if (shape < 0.25) return finish(rng, joinClauses(rng, [`${opener}${item}${pick(rng, VERDICT_GOOD)}`, `${pick(rng, ['就是', '只是', '唯一的缺点是', '美中不足的是'])}${mildBadClause(rng, aspect())}`]), GOOD_EMOJI);
    if (shape < 0.32) return finish(rng, joinClauses(rng, [`${opener}${pick(rng, GOOD_EVENTS)}`, verdict]), GOOD_EMOJI);
    if (shape < 0.4) return finish(rng, `${opener}${item}${pick(rng, rng() < 0.5 ? VERDICT_GOOD : MORE_GOOD)}`, GOOD_EMOJI);
    if (shape < 0.5) return finish(rng, joinClauses(rng, [`${opener}${item}${rng() < 0.5 ? comparison(rng, aspect(), true) : countClause(rng, aspect(), true)}`, goodClause(rng, aspect()), verdict]), GOOD_EMOJI);
    const clauses = Array.from({ length: count }, () => goodClause(rng, aspect()));
    return finish(rng, joinClauses(rng, [`${opener}${item}${clauses[0]}`, ...clauses.slice(1), verdict]), GOOD_EMOJI);
  }
  const verdict = rng() < 0.7 ? pick(rng, rng() < 0.5 ? VERDICT_BAD : MORE_BAD) : '';
  // "外观不错但是续航太差": what comes after the contrast decides.
  if (shape < 0.18) return finish(rng, joinClauses(rng, [`${opener}${pick(rng, ['虽然', '', ''])}${goodClause(rng, aspect())}`, `${pick(rng, CONTRASTS)}${badClause(rng, aspect(), true)}`, verdict]), BAD_EMOJI);
  if (shape < 0.26) return finish(rng, joinClauses(rng, [`${pick(rng, ['本来以为', '还以为', '看评价以为', '买之前以为'])}${goodClause(rng, aspect())}`, `${pick(rng, ['结果', '没想到', '谁知道', '收到才发现'])}${badClause(rng, aspect())}`, verdict]), BAD_EMOJI);
  if (shape < 0.34) return finish(rng, joinClauses(rng, [`${opener}${pick(rng, BAD_EVENTS)}`, verdict || pick(rng, VERDICT_BAD)]), BAD_EMOJI);
  if (shape < 0.42) return finish(rng, `${opener}${item}${pick(rng, rng() < 0.3 ? VERDICT_LUKEWARM : rng() < 0.5 ? VERDICT_BAD : MORE_BAD)}`, BAD_EMOJI);
  if (shape < 0.52) return finish(rng, joinClauses(rng, [`${opener}${item}${rng() < 0.5 ? comparison(rng, aspect(), false) : countClause(rng, aspect(), false)}`, badClause(rng, aspect()), verdict]), BAD_EMOJI);
  // "好小啊", "很小很小很小": exclaimed or repeated complaints, where 好 is a degree, not praise.
  if (shape < 0.6) {
    const bad = pick(rng, aspect().bad);
    const degree = pick(rng, ['好', '太', '真', '超', '巨', '特别', '真的', '实在']);
    const said = rng() < 0.5 ? `${degree}${bad}${pick(rng, ['啊', '了', '呀', '！', '了吧', ''])}` : `${degree}${bad}${degree}${bad}${rng() < 0.5 ? degree + bad : ''}`;
    return finish(rng, joinClauses(rng, [`${opener}${item}${said}`, verdict]), BAD_EMOJI);
  }
  const clauses = Array.from({ length: count }, () => badClause(rng, aspect()));
  return finish(rng, joinClauses(rng, [`${opener}${item}${clauses[0]}`, ...clauses.slice(1), verdict]), BAD_EMOJI);
}

const WAITS = ['三天', '一个星期', '好几天', '五天', '半个月', '两天', '一周', '十天', '这么久', '48小时'];
const PENDING = ['还没发货', '还没到', '还没收到', '物流都没更新', '退款还没到账', '还没人处理', '还没给我回复', '还在路上', '还是待出库'];
const PUSHBACK = ['怎么回事', '什么情况', '到底怎么搞的', '能不能快点', '你们还管不管', '给个说法', '太慢了', '我很着急', '搞什么', '是不是忘了'];
const ASKS = ['什么时候发货', '多久能到', '有货吗', '能开发票吗', '怎么安装', '保修多久', '是正品吗', '有几个颜色', '能便宜点吗', '支持七天无理由吗', '快递到哪了', '能改地址吗', '怎么退货', '有赠品吗', '是新款吗', '包邮吗'];
const POLITE = ['', '', '请问', '你好，', '亲，', '麻烦问下', '客服你好，', '在吗，', '您好，', '打扰一下，'];

/** One sentence from a grammar: a choice from each slot, in order. */
function fromGrammar(rng: Rng, grammar: string[][][]): string {
  return pick(rng, grammar)
    .map((slot) => pick(rng, slot))
    .join('');
}

function serviceTurn(rng: Rng, kind: number): SentimentExample {
  const item = pick(rng, pick(rng, SHOPPING_DOMAINS).items);
  if (kind < 0.2) return { text: fromGrammar(rng, COMPLAINT_GRAMMAR), label: 0 };
  if (kind < 0.3) return { text: fromGrammar(rng, STATEMENT_GRAMMAR), label: 0.5 };
  if (kind < 0.5) {
    const text = rng() < 0.5 ? `${pick(rng, ['我的订单', '快递', '包裹', '我买的' + item, '退款', '换货'])}${pick(rng, WAITS)}了${pick(rng, PENDING)}，${pick(rng, PUSHBACK)}` : `${pick(rng, ['我买的', '刚收到的', '上周买的', ''])}${item}${pick(rng, BAD_EVENTS)}，${pick(rng, [...PUSHBACK, '我要退货', '我要投诉', '怎么处理', '你们看着办'])}`;
    return { text: finish(rng, text, BAD_EMOJI), label: 0 };
  }
  if (kind < 0.6) return { text: finish(rng, `${item}${pick(rng, ['收到了', '用了几天', '到了'])}，${pick(rng, VERDICT_GOOD)}，${pick(rng, ['谢谢', '辛苦了', '感谢', '谢谢客服', ''])}`, GOOD_EMOJI), label: 1 };
  return { text: `${pick(rng, POLITE)}${rng() < 0.6 ? `这个${item}` : item}${pick(rng, ASKS)}${pick(rng, ['', '？', '?', '呢', '啊'])}`, label: 0.5 };
}

/**
 * The project's own sentiment corpus: handwritten reviews and service turns, plus review sentences
 * and service turns generated from the aspect and opinion grammar with a seeded generator. Nothing
 * here comes from an evaluation set; the same options always give the same corpus.
 */
export function generateSentimentCorpus(opts: CorpusOptions = {}): SentimentExample[] {
  const rng = seededRandom(opts.seed ?? 20261208);
  const out: SentimentExample[] = [];
  for (let k = 0; k < HANDWRITTEN_WEIGHT; k += 1) {
    for (const text of POSITIVE_REVIEWS) out.push({ text, label: 1 });
    for (const text of NEGATIVE_REVIEWS) out.push({ text, label: 0 });
    for (const text of POSITIVE_LONG_REVIEWS) out.push({ text, label: 1 });
    for (const text of NEGATIVE_LONG_REVIEWS) out.push({ text, label: 0 });
    for (const text of THANKS_TURNS) out.push({ text, label: 1 });
    for (const text of COMPLAINT_TURNS) out.push({ text, label: 0 });
    for (const text of NEUTRAL_TURNS) out.push({ text, label: 0.5 });
  }
  const reviews = opts.reviews ?? 30000;
  for (let i = 0; i < reviews; i += 1) {
    const positive = i % 2 === 0;
    // A fifth are long: two or three sentences of one opinion, as people write when they care.
    let text = review(rng, positive);
    if (rng() < 0.2) for (let k = rng() < 0.5 ? 1 : 2; k > 0; k -= 1) text += pick(rng, ['。', '！', '，', ' ']) + review(rng, positive);
    out.push({ text, label: positive ? 1 : 0 });
  }
  const turns = opts.serviceTurns ?? 10000;
  for (let i = 0; i < turns; i += 1) out.push(serviceTurn(rng, rng()));
  return out;
}
