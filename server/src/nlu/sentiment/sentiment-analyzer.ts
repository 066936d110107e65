import { ANGER_PATTERNS, EVALUATIVE, POLITE_OR_POSITIVE, WEAK_ANGER, isNeutralQuestion } from './sentiment-lexicon';

// Jest runs modules in a vm sandbox where every global lookup (Math) is slow; hot loops use locals.
const { imul, sqrt, exp, min, max } = Math;

export interface SentimentResult {
  label: 'negative' | 'neutral' | 'positive';
  /** Strength of the label, 0..1 (0 for a flat neutral). */
  intensity: number;
}

export interface SentimentTrainOptions {
  epochs?: number;
  learningRate?: number;
  bits?: number;
}

const MAX_CHARS = 500;

/** Request/greeting wording typical of service chat, rare in reviews. */
const SERVICE_REQUEST = /帮我|麻烦|请问|在吗|在不在|你好|您好|亲|人工|取消|改成|改一下|查一下|查下|我要|我想|能不能|可以吗|发货|到账|退款|单号|订单|地址|好的|嗯|是的|对的|ok/i;

/**
 * Hashes character 1–3-grams straight from char codes (no substring allocation): training visits
 * ~10M n-grams, so this is where boot time goes.
 */
function features(text: string, mask: number, out: number[]): number[] {
  out.length = 0;
  const s = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  for (let i = 0; i < s.length; i += 1) {
    const a = s.charCodeAt(i);
    if (a === 32) continue;
    let h = imul(0x811c9dc5 ^ a, 0x01000193);
    out.push((h >>> 0) & mask);
    if (i + 1 < s.length) {
      h = imul(h ^ s.charCodeAt(i + 1), 0x01000193);
      h = imul(h ^ 0x9e, 0x01000193);
      out.push((h >>> 0) & mask);
      if (i + 2 < s.length) {
        h = imul(h ^ s.charCodeAt(i + 2), 0x01000193);
        h = imul(h ^ 0x3f, 0x01000193);
        out.push((h >>> 0) & mask);
      }
    }
  }
  return out;
}

/**
 * Review-trained logistic regression (positive vs negative) over char n-grams, with a customer-service
 * layer on top: explicit anger (投诉, 差评, 12315, !!!) is negative whatever the model says, and plain
 * questions the model is unsure about are neutral, because most service turns are neither.
 */
export class SentimentAnalyzer {
  private readonly buffer: number[] = [];

  private constructor(
    private readonly weights: Float32Array,
    private bias: number,
    private readonly mask: number,
  ) {}

  static train(rows: { text: string; label: 0 | 1 }[], opts: SentimentTrainOptions = {}): SentimentAnalyzer {
    const bits = opts.bits ?? 20;
    const epochs = opts.epochs ?? 3;
    const lr = opts.learningRate ?? 0.1;
    const mask = (1 << bits) - 1;
    const weights = new Float32Array(1 << bits);
    const acc = new Float32Array(1 << bits);
    const analyzer = new SentimentAnalyzer(weights, 0, mask);
    let biasAcc = 0;
    const encoded = rows.map((r) => ({ x: Int32Array.from(features(r.text.toLowerCase(), mask, [])), y: r.label }));
    let seed = 12345;
    const order = encoded.map((_, i) => i);
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      for (let i = order.length - 1; i > 0; i -= 1) {
        seed = (imul(seed, 1103515245) + 12345) >>> 0;
        const j = seed % (i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const k of order) {
        const { x, y } = encoded[k];
        if (x.length === 0) continue;
        const v = 1 / sqrt(x.length);
        let z = analyzer.bias;
        for (let i = 0; i < x.length; i += 1) z += weights[x[i]] * v;
        const g = 1 / (1 + exp(-z)) - y;
        biasAcc += g * g;
        analyzer.bias -= (lr * g) / sqrt(biasAcc + 1e-8);
        const gv = g * v;
        for (let i = 0; i < x.length; i += 1) {
          const f = x[i];
          acc[f] += gv * gv;
          weights[f] -= (lr * gv) / sqrt(acc[f] + 1e-8);
        }
      }
    }
    return analyzer;
  }

  /** Model probability that the text is positive (0..1), before the lexicon layer. */
  positiveProbability(text: string): number {
    const x = features(text.toLowerCase(), this.mask, this.buffer);
    if (x.length === 0) return 0.5;
    const v = 1 / sqrt(x.length);
    let z = this.bias;
    for (const f of x) z += this.weights[f] * v;
    return 1 / (1 + exp(-z));
  }

  analyze(text: string): SentimentResult {
    const input = typeof text === 'string' ? text.normalize('NFKC').slice(0, 2000) : '';
    if (!input.trim()) return { label: 'neutral', intensity: 0 };
    const p = this.positiveProbability(input);
    const anger = ANGER_PATTERNS.reduce((n, re) => n + (re.test(input) ? 1 : 0), 0) + (WEAK_ANGER.test(input) && p < 0.6 ? 1 : 0);
    if (anger > 0) return { label: 'negative', intensity: round(min(1, 0.55 + 0.15 * anger + 0.3 * (1 - p))) };
    // Service questions ("多久发货?") carry no sentiment; only a confident model may overrule that.
    // Only short turns: a long text with a question mark is usually a review-style rant, not a query.
    if (input.length <= 30 && isNeutralQuestion(input) && p > 0.2 && p < 0.9) return { label: 'neutral', intensity: 0 };
    // The model learnt from reviews, where 发货/到账 mostly appear in complaints; a short service turn
    // without any evaluative word ("多久发货", "在吗") is neutral whatever it thinks.
    if (input.length <= 20 && !EVALUATIVE.test(input) && !POLITE_OR_POSITIVE.test(input) && (isNeutralQuestion(input) || SERVICE_REQUEST.test(input))) return { label: 'neutral', intensity: 0 };
    if (POLITE_OR_POSITIVE.test(input) && p > 0.45) return { label: 'positive', intensity: round(max(0.4, p)) };
    if (p < 0.5) return { label: 'negative', intensity: round((0.5 - p) * 2) };
    if (p > 0.65) return { label: 'positive', intensity: round((p - 0.5) * 2) };
    return { label: 'neutral', intensity: 0 };
  }

  /** Weights as a compact buffer, so a server can cache training across boots. */
  serialize(): Buffer {
    const header = Buffer.alloc(8);
    header.writeUInt32LE(Math.log2(this.mask + 1), 0);
    header.writeFloatLE(this.bias, 4);
    return Buffer.concat([header, Buffer.from(this.weights.buffer, this.weights.byteOffset, this.weights.byteLength)]);
  }

  static deserialize(data: Buffer): SentimentAnalyzer {
    const bits = data.readUInt32LE(0);
    if (bits < 8 || bits > 24 || data.length !== 8 + 4 * (1 << bits)) throw new Error('not a serialized SentimentAnalyzer');
    const weights = new Float32Array(1 << bits);
    Buffer.from(weights.buffer).set(data.subarray(8));
    return new SentimentAnalyzer(weights, data.readFloatLE(4), (1 << bits) - 1);
  }
}

function round(value: number): number {
  return Math.round(min(1, max(0, value)) * 1000) / 1000;
}
