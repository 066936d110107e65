import { pinyin } from 'pinyin-pro';
import { PRESALE_TEMPLATES } from './corpus-presale';
import { ORDER_TEMPLATES } from './corpus-order';
import { AFTERSALE_TEMPLATES } from './corpus-aftersale';
import { CONTROL_TEMPLATES } from './corpus-control';
import { FILLERS } from './corpus-fillers';
import { seededRandom } from './seeded-random';

export interface LabelledText {
  text: string;
  intent: string;
}

export interface CorpusOptions {
  /** Seed for the deterministic generator, so a model trained twice is the same model. */
  seed?: number;
  /** Upper bound of distinct expansions drawn per template. */
  perTemplate?: number;
}

/** Intents whose turns are conversation moves, not requests: they get no long-context or emotional variants. */
const CONTROL_INTENTS = new Set(Object.keys(CONTROL_TEMPLATES));

/**
 * Neutral lead-ins that make turns long without changing what is asked: real shoppers often explain
 * before asking, and a bag-of-n-grams model must learn to ignore the explanation.
 */
const LEAD_INS = ['我想问一下，', '不好意思打扰一下，', '是这样的，', '麻烦帮我看看，', '那个，', '我刚看了一下，', '之前问过了，再问下，', '亲亲 我想咨询下 ',
  '打扰了 ', '我朋友推荐来的，', '你好 我是老顾客了，'];
/**
 * How shoppers set up an after-sale problem: the delivery went fine and the trouble is in the box.
 * Without these the delivery words (快递, 放门口, 收到) pull every such story toward logistics.
 */
const DELIVERY_STORIES = ['快递放家门口了，拿进屋拆开，', '快递到了，打开发现', '今天刚收到货，拆开', '快递小哥送上门的，拆了以后', '包裹放驿站了，取回来一看，',
  '物流挺快的，但是收到后', '快递盒子好好的，没破，可是', '昨晚签收的，早上打开', '从快递柜拿回来，拆开包装', '外箱完好，', '收到了，数了一下，'];
/** Intents whose problem is the item itself: they get delivery-story lead-ins. */
const ITEM_PROBLEM_INTENTS = new Set(['quality.complaint', 'refund.request', 'exchange.request']);
/** A request with an emotion keeps the request's intent (contract tie-break); these teach that. */
const EMOTION_TAILS = ['，急死了', '，搞什么啊', '!!!', '，烦死了', ' 快点回我', '，都等好久了', '，什么情况啊', ' 😡', '，着急', '，麻烦快点'];

export const ALL_TEMPLATES: Record<string, string[]> = {
  ...PRESALE_TEMPLATES,
  ...ORDER_TEMPLATES,
  ...AFTERSALE_TEMPLATES,
  ...CONTROL_TEMPLATES,
};


function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** Number of distinct alternation choices in a template (fillers not counted): sizes the sample. */
function alternationSpace(template: string): number {
  let space = 1;
  for (const match of template.matchAll(/\[([^\]]*)\]/g)) space *= match[1].split('|').length;
  return space;
}

function expandOnce(template: string, rng: () => number): string {
  // `]?` and `}?` mark optional parts; alternations already carry an empty choice, placeholders get a coin flip.
  const chosen = template.replace(/\[([^\]]*)\]\??/g, (_m, body: string) => pick(rng, body.split('|')));
  return chosen.replace(/\{([A-Z]+)\}(\?)?/g, (_m, name: string, optional?: string) => {
    const values = FILLERS[name];
    if (!values) throw new Error(`corpus template uses unknown filler {${name}}`);
    if (optional && rng() < 0.5) return '';
    return pick(rng, values);
  });
}

function isShortHan(text: string): boolean {
  return text.length <= 12 && /^[\u4e00-\u9fff]+$/.test(text);
}

/**
 * Expands every template into many concrete shopper turns, plus pinyin-typed, long and emotional
 * variants. Deterministic for a given seed.
 */
export function buildTrainingCorpus(options: CorpusOptions = {}): LabelledText[] {
  const rng = seededRandom(options.seed ?? 20261126);
  const perTemplate = options.perTemplate ?? 40;
  const out: LabelledText[] = [];
  for (const [intent, templates] of Object.entries(ALL_TEMPLATES)) {
    const seen = new Set<string>();
    for (const template of templates) {
      const target = Math.min(perTemplate, Math.max(6, alternationSpace(template) * 3));
      for (let attempt = 0, made = 0; attempt < target * 3 && made < target; attempt += 1) {
        let text = expandOnce(template, rng).trim();
        if (!text) continue;
        if (!CONTROL_INTENTS.has(intent)) {
          const roll = rng();
          if (roll < 0.06) text = pick(rng, LEAD_INS) + text;
          else if (roll < 0.12) text += pick(rng, EMOTION_TAILS);
          else if (roll < 0.2 && ITEM_PROBLEM_INTENTS.has(intent)) text = pick(rng, DELIVERY_STORIES) + text;
        }
        if (seen.has(text)) continue;
        seen.add(text);
        out.push({ text, intent });
        made += 1;
        // Shoppers who type pinyin without picking characters: teach the same request in that form.
        const core = text.replace(/[\s，,。!！?？~]+/g, '');
        if (isShortHan(core) && rng() < 0.3) {
          const syllables = pinyin(core, { toneType: 'none', type: 'array' });
          out.push({ text: rng() < 0.5 ? syllables.join(' ') : syllables.join(''), intent });
        }
      }
    }
  }
  return out;
}
