import { sharedJieba } from '../text/word-segmenter';
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

/** Words after which a mixed opinion turns: what follows them decides it (外观不错但是续航太差). */
const CONTRAST_MARKERS = ['但是', '但', '可是', '不过', '然而', '可惜', '就是', '只是', '结果', '没想到'];

/** Where the last contrast clause starts (just after its marker), or -1 when the text has none. */
function contrastTailStart(s: string): number {
  let start = -1;
  for (const marker of CONTRAST_MARKERS) {
    const at = s.lastIndexOf(marker);
    if (at >= 0 && at + marker.length > start) start = at + marker.length;
  }
  return start;
}

/**
 * Hashes character 1–3-grams straight from char codes (no substring allocation), the 2–3-grams after
 * the last contrast marker a second time under their own salt (so the model can learn that the clause
 * after 但是 outweighs the one before it), and jieba words and word pairs.
 */
function features(text: string, mask: number, out: number[]): number[] {
  out.length = 0;
  const s = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  const tail = contrastTailStart(s);
  for (let i = 0; i < s.length; i += 1) {
    const a = s.charCodeAt(i);
    if (a === 32) continue;
    let h = imul(0x811c9dc5 ^ a, 0x01000193);
    out.push((h >>> 0) & mask);
    if (i + 1 < s.length) {
      h = imul(h ^ s.charCodeAt(i + 1), 0x01000193);
      h = imul(h ^ 0x9e, 0x01000193);
      out.push((h >>> 0) & mask);
      if (tail >= 0 && i >= tail) out.push((imul(h ^ 0x5a, 0x01000193) >>> 0) & mask);
      if (i + 2 < s.length) {
        h = imul(h ^ s.charCodeAt(i + 2), 0x01000193);
        h = imul(h ^ 0x3f, 0x01000193);
        out.push((h >>> 0) & mask);
        if (tail >= 0 && i >= tail) out.push((imul(h ^ 0x5a, 0x01000193) >>> 0) & mask);
      }
    }
  }
  // Words and word pairs (jieba): 不错 and 不|好用 as units, which char n-grams split or blur.
  let prev = 0x1234;
  for (const word of sharedJieba().cut(s, false)) {
    if (word.trim() === '') continue;
    let h = 0x2f1e4d3c;
    for (let k = 0; k < word.length; k += 1) h = imul(h ^ word.charCodeAt(k), 0x01000193);
    out.push((h >>> 0) & mask);
    out.push((imul(h ^ prev, 0x01000193) >>> 0) & mask);
    prev = h;
  }
  return out;
}

/**
 * Logistic regression (positive vs negative, with service questions as a 0.5 target) over char
 * n-grams and words, trained on the project's own corpus (corpus/), with a customer-service layer on
 * top: explicit anger (投诉, 差评, 12315, !!!) is negative whatever the model says, and plain questions
 * the model is unsure about are neutral, because most service turns are neither.
 */
export class SentimentAnalyzer {
  private readonly buffer: number[] = [];

  private constructor(
    /** Positive vs negative. */
    private readonly polarity: LinearHead,
    /** Says something good or bad at all, vs a plain request: what keeps service turns neutral. */
    private readonly opinion: LinearHead,
    private readonly mask: number,
  ) {}

  /**
   * `label` is the target probability of positive: 1, 0, or 0.5 for text without sentiment. Both heads
   * learn from the same features in one pass: polarity from the label, opinion from label ≠ 0.5.
   */
  static train(rows: { text: string; label: number }[], opts: SentimentTrainOptions = {}): SentimentAnalyzer {
    const bits = opts.bits ?? 20;
    const epochs = opts.epochs ?? 3;
    const lr = opts.learningRate ?? 0.1;
    const mask = (1 << bits) - 1;
    const polarity = new LinearTrainer(bits, lr);
    const opinion = new LinearTrainer(bits, lr);
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
        const v = lengthScale(x.length);
        polarity.step(x, v, y);
        opinion.step(x, v, y === 0.5 ? 0 : 1);
      }
    }
    return new SentimentAnalyzer(polarity.head, opinion.head, mask);
  }

  /** Model probability that the text is positive (0..1), before the lexicon layer. */
  positiveProbability(text: string): number {
    return this.probability(this.polarity, text);
  }

  /** Model probability that the text expresses an opinion at all (0..1). */
  opinionProbability(text: string): number {
    return this.probability(this.opinion, text);
  }

  /**
   * The same weights with the polarity bias moved by `delta` (in logits): a model trained on the
   * project's own text is recalibrated to real reviews with one fitted number (measure-sentiment-calibration.ts).
   */
  withBiasShift(delta: number): SentimentAnalyzer {
    return new SentimentAnalyzer({ weights: this.polarity.weights, bias: this.polarity.bias + delta }, this.opinion, this.mask);
  }

  private probability(head: LinearHead, text: string): number {
    const x = features(text.toLowerCase(), this.mask, this.buffer);
    if (x.length === 0) return 0.5;
    const v = lengthScale(x.length);
    let z = head.bias;
    for (const f of x) z += head.weights[f] * v;
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
    // A short service turn without any evaluative word ("多久发货", "在吗") is neutral unless the model
    // is sure of a complaint ("说好今天发货，到现在也没动静" judges without an evaluative word).
    if (input.length <= 20 && p > 0.2 && !EVALUATIVE.test(input) && !POLITE_OR_POSITIVE.test(input) && (isNeutralQuestion(input) || SERVICE_REQUEST.test(input))) return { label: 'neutral', intensity: 0 };
    // Most chat turns judge nothing ("签收了", "发票抬头写公司"): neutral unless the opinion head hears
    // praise or complaint. Its boundary is the plain 0.5, not a tuned number.
    if (this.opinionProbability(input) < 0.5) return { label: 'neutral', intensity: 0 };
    if (POLITE_OR_POSITIVE.test(input) && p > 0.45) return { label: 'positive', intensity: round(max(0.4, p)) };
    if (p < 0.5) return { label: 'negative', intensity: round((0.5 - p) * 2) };
    if (p > 0.65) return { label: 'positive', intensity: round((p - 0.5) * 2) };
    return { label: 'neutral', intensity: 0 };
  }

  /** Weights as a compact buffer, so a server can cache training across boots. */
  serialize(): Buffer {
    const header = Buffer.alloc(12);
    header.writeUInt32LE(Math.log2(this.mask + 1), 0);
    header.writeFloatLE(this.polarity.bias, 4);
    header.writeFloatLE(this.opinion.bias, 8);
    const bytes = (w: Float32Array) => Buffer.from(w.buffer, w.byteOffset, w.byteLength);
    return Buffer.concat([header, bytes(this.polarity.weights), bytes(this.opinion.weights)]);
  }

  static deserialize(data: Buffer): SentimentAnalyzer {
    const bits = data.length >= 12 ? data.readUInt32LE(0) : 0;
    if (bits < 8 || bits > 24 || data.length !== 12 + 8 * (1 << bits)) throw new Error('not a serialized SentimentAnalyzer');
    const size = 1 << bits;
    const read = (offset: number) => {
      const weights = new Float32Array(size);
      Buffer.from(weights.buffer).set(data.subarray(offset, offset + 4 * size));
      return weights;
    };
    return new SentimentAnalyzer({ weights: read(12), bias: data.readFloatLE(4) }, { weights: read(12 + 4 * size), bias: data.readFloatLE(8) }, size - 1);
  }
}

interface LinearHead {
  weights: Float32Array;
  bias: number;
}

/** Logistic regression by AdaGrad over hashed features: one head of the analyzer. */
class LinearTrainer {
  readonly head: LinearHead;
  private readonly acc: Float32Array;
  private biasAcc = 0;

  constructor(
    bits: number,
    private readonly lr: number,
  ) {
    this.head = { weights: new Float32Array(1 << bits), bias: 0 };
    this.acc = new Float32Array(1 << bits);
  }

  step(x: Int32Array, v: number, y: number): void {
    const { weights } = this.head;
    const acc = this.acc;
    const lr = this.lr;
    let z = this.head.bias;
    for (let i = 0; i < x.length; i += 1) z += weights[x[i]] * v;
    const g = 1 / (1 + exp(-z)) - y;
    this.biasAcc += g * g;
    this.head.bias -= (lr * g) / sqrt(this.biasAcc + 1e-8);
    const gv = g * v;
    for (let i = 0; i < x.length; i += 1) {
      const f = x[i];
      acc[f] += gv * gv;
      weights[f] -= (lr * gv) / sqrt(acc[f] + 1e-8);
    }
  }
}

function round(value: number): number {
  return Math.round(min(1, max(0, value)) * 1000) / 1000;
}

/**
 * Weight of each feature in a text of n features: 1/n^0.25. Between a plain sum (a long review's
 * narrative drowns the verdict in noise) and the mean (one strong word in a long text counts for
 * nothing); measured on the review train split with measure-sentiment.ts.
 */
function lengthScale(n: number): number {
  return 1 / sqrt(sqrt(n));
}
