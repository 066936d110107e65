import { TextFeaturizer, type FeatureVector } from './text-features';
import { seededRandom } from './seeded-random';

// Jest runs modules in a vm sandbox where every global lookup (Math) is slow; hot loops use locals.
const { sqrt, exp, log, floor, max, min } = Math;

export const OUT_OF_SCOPE = 'out_of_scope';

export interface IntentExample {
  text: string;
  intent: string;
}

export interface TrainOptions {
  /** Passes over the data. */
  epochs?: number;
  /** Extra passes over the held-out rows after the temperature is fitted. */
  finalEpochs?: number;
  /** AdaGrad base learning rate. */
  learningRate?: number;
  /** L2 penalty, applied lazily to the weights an example touches. */
  l2?: number;
  /** log2 of the hashed feature space. */
  bits?: number;
  /** Share of the data held out to fit the softmax temperature. */
  holdout?: number;
  /**
   * Intents with fewer examples are repeated up to this count, so a merchant intent with a dozen
   * examples is not drowned by standard intents with hundreds.
   */
  minPerIntent?: number;
  /** Below this top probability the turn is treated as out of scope. */
  oosThreshold?: number;
  /** Words (products, brands) the segmenter should keep whole. */
  userWords?: string[];
  seed?: number;
}

export interface IntentPrediction {
  intent: string;
  confidence: number;
  ranking: { intent: string; score: number }[];
}

interface ResolvedOptions extends Required<Omit<TrainOptions, 'userWords'>> {
  userWords: string[];
}

const DEFAULTS: ResolvedOptions = {
  epochs: 6,
  finalEpochs: 2,
  learningRate: 0.4,
  l2: 1e-6,
  bits: 18,
  holdout: 0.1,
  minPerIntent: 120,
  oosThreshold: 0.3,
  userWords: [],
  seed: 7,
};


function shuffle<T>(items: T[], rng: () => number): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/** Multinomial logistic regression over hashed sparse features, AdaGrad-trained. */
class LinearSoftmax {
  readonly weights: Float32Array;
  readonly bias: Float64Array;
  private accumulator: Float32Array;
  private readonly biasAccumulator: Float64Array;

  constructor(
    readonly dimension: number,
    readonly classes: number,
    /** Weights of an already trained model (loaded from disk): no AdaGrad state is allocated. */
    trained?: { weights: Float32Array; bias: Float64Array },
  ) {
    this.weights = trained?.weights ?? new Float32Array(dimension * classes);
    this.accumulator = new Float32Array(trained ? 0 : dimension * classes);
    this.bias = trained?.bias ?? new Float64Array(classes);
    this.biasAccumulator = new Float64Array(classes);
  }

  /** A trained, frozen model from saved rows: the weight table is mostly empty, so only used rows are stored. */
  static restore(dimension: number, classes: number, rows: Int32Array, rowWeights: Float32Array, bias: Float64Array): LinearSoftmax {
    const weights = new Float32Array(dimension * classes);
    for (let r = 0; r < rows.length; r += 1) weights.set(rowWeights.subarray(r * classes, (r + 1) * classes), rows[r] * classes);
    return new LinearSoftmax(dimension, classes, { weights, bias });
  }

  /** Drops the AdaGrad state (as large as the weights) once training is over: serving never needs it. */
  freeze(): void {
    this.accumulator = new Float32Array(0);
  }

  logits(x: FeatureVector, out: Float64Array): Float64Array {
    const k = this.classes;
    for (let c = 0; c < k; c += 1) out[c] = this.bias[c];
    for (let i = 0; i < x.indices.length; i += 1) {
      const base = x.indices[i] * k;
      const v = x.values[i];
      for (let c = 0; c < k; c += 1) out[c] += this.weights[base + c] * v;
    }
    return out;
  }

  step(x: FeatureVector, label: number, lr: number, l2: number, scratch: Float64Array): void {
    const k = this.classes;
    const probs = softmax(this.logits(x, scratch), 1);
    for (let c = 0; c < k; c += 1) {
      const g = probs[c] - (c === label ? 1 : 0);
      this.biasAccumulator[c] += g * g;
      this.bias[c] -= (lr * g) / sqrt(this.biasAccumulator[c] + 1e-8);
    }
    for (let i = 0; i < x.indices.length; i += 1) {
      const base = x.indices[i] * k;
      const v = x.values[i];
      for (let c = 0; c < k; c += 1) {
        const w = this.weights[base + c];
        const g = (probs[c] - (c === label ? 1 : 0)) * v + l2 * w;
        if (g === 0) continue;
        const acc = this.accumulator[base + c] + g * g;
        this.accumulator[base + c] = acc;
        this.weights[base + c] = w - (lr * g) / sqrt(acc + 1e-8);
      }
    }
  }
}

/** In-place, numerically stable softmax with temperature. */
function softmax(logits: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const z of logits) if (z > max) max = z;
  let sum = 0;
  for (let c = 0; c < logits.length; c += 1) {
    logits[c] = exp((logits[c] - max) / temperature);
    sum += logits[c];
  }
  for (let c = 0; c < logits.length; c += 1) logits[c] /= sum;
  return logits;
}

function fitModel(model: LinearSoftmax, data: { x: FeatureVector; y: number }[], epochs: number, options: ResolvedOptions): LinearSoftmax {
  const rng = seededRandom(options.seed + epochs);
  const order = data.slice();
  const scratch = new Float64Array(model.classes);
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    shuffle(order, rng);
    for (const { x, y } of order) model.step(x, y, options.learningRate, options.l2, scratch);
  }
  return model;
}

/** Picks the temperature minimising held-out negative log-likelihood (grid search is plenty for one scalar). */
function fitTemperature(model: LinearSoftmax, heldOut: { x: FeatureVector; y: number }[]): number {
  if (heldOut.length === 0) return 1;
  const logits = heldOut.map(({ x }) => Float64Array.from(model.logits(x, new Float64Array(model.classes))));
  let best = 1;
  let bestNll = Infinity;
  for (let t = 0.5; t <= 4.0001; t += 0.1) {
    let nll = 0;
    heldOut.forEach(({ y }, i) => {
      const p = softmax(Float64Array.from(logits[i]), t);
      nll -= log(max(p[y], 1e-12));
    });
    if (nll < bestNll) {
      bestNll = nll;
      best = t;
    }
  }
  return best;
}

/**
 * Intent classifier: multinomial logistic regression over hashed character n-grams, jieba words and
 * pinyin syllables, with a held-out-fitted softmax temperature so `confidence` means something, and an
 * out-of-scope decision for low-confidence or unrecognisable turns.
 */
export class IntentClassifier {
  private readonly scratch: Float64Array;

  private constructor(
    private readonly featurizer: TextFeaturizer,
    private readonly model: LinearSoftmax,
    readonly intents: readonly string[],
    readonly temperature: number,
    private readonly seen: Set<number>,
    readonly oosThreshold: number,
  ) {
    this.scratch = new Float64Array(intents.length);
  }

  static train(examples: IntentExample[], opts: TrainOptions = {}): IntentClassifier {
    const options: ResolvedOptions = { ...DEFAULTS, ...opts, userWords: opts.userWords ?? [] };
    const usable = examples.filter((e) => typeof e.text === 'string' && e.text.trim() && typeof e.intent === 'string' && e.intent);
    const intents = [...new Set(usable.map((e) => e.intent))].sort();
    if (intents.length < 2) throw new Error('IntentClassifier.train needs examples of at least two intents');
    const featurizer = new TextFeaturizer(options.bits);
    featurizer.addUserWords(options.userWords);
    const labelOf = new Map(intents.map((intent, i) => [intent, i]));
    const data = usable.map((e) => ({ x: featurizer.vectorize(e.text), y: labelOf.get(e.intent) as number }));

    // Exact (unmasked) hashes: the masked table is dense enough that nearly everything would look "seen".
    const seen = new Set<number>();
    for (const { x } of data) for (const h of x.strong) seen.add(h);

    const balanced = IntentClassifier.balance(data, intents.length, options);
    const rng = seededRandom(options.seed + 1);
    const shuffled = balanced.slice();
    shuffle(shuffled, rng);
    const cut = floor(shuffled.length * options.holdout);
    const heldOut = shuffled.slice(0, cut);
    // The temperature comes from the model before it has seen the held-out rows; a short final pass
    // over everything then lets the held-out rows teach too without retraining from scratch (time).
    const model = fitModel(new LinearSoftmax(featurizer.dimension, intents.length), shuffled.slice(cut), options.epochs, options);
    const temperature = fitTemperature(model, heldOut);
    if (heldOut.length > 0) fitModel(model, heldOut, options.finalEpochs, options);
    model.freeze();
    return new IntentClassifier(featurizer, model, intents, temperature, seen, options.oosThreshold);
  }

  private static balance(data: { x: FeatureVector; y: number }[], classes: number, options: ResolvedOptions): { x: FeatureVector; y: number }[] {
    const byClass: { x: FeatureVector; y: number }[][] = Array.from({ length: classes }, () => []);
    for (const row of data) byClass[row.y].push(row);
    const out = data.slice();
    for (const rows of byClass) {
      for (let i = rows.length; i < options.minPerIntent && rows.length > 0; i += 1) out.push(rows[i % rows.length]);
    }
    return out;
  }

  /**
   * The trained model as bytes: a JSON header (format, intents, temperature, threshold, hashing bits,
   * segmenter words, section lengths, caller's fingerprint) then the used weight rows, the biases and
   * the seen-feature hashes. Unused (all-zero) rows of the hashed table are omitted.
   */
  serialize(fingerprint: string): Buffer {
    const k = this.intents.length;
    const used: number[] = [];
    for (let row = 0; row < this.model.dimension; row += 1) {
      for (let c = 0; c < k; c += 1) {
        if (this.model.weights[row * k + c] !== 0) {
          used.push(row);
          break;
        }
      }
    }
    const rows = Int32Array.from(used);
    const rowWeights = new Float32Array(rows.length * k);
    rows.forEach((row, r) => rowWeights.set(this.model.weights.subarray(row * k, (row + 1) * k), r * k));
    const seen = Int32Array.from(this.seen);
    const header = Buffer.from(
      JSON.stringify({
        format: SERIAL_FORMAT,
        fingerprint,
        intents: this.intents,
        temperature: this.temperature,
        oosThreshold: this.oosThreshold,
        bits: this.featurizer.bits,
        userWords: this.featurizer.words,
        rows: rows.length,
        seen: seen.length,
      }),
      'utf8',
    );
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length, 0);
    // Typed-array sections start on 8-byte boundaries, the natural alignment of the float64 biases.
    const pad = Buffer.alloc((8 - ((4 + header.length) % 8)) % 8);
    return Buffer.concat([length, header, pad, bytes(this.model.bias), bytes(rows), bytes(rowWeights), bytes(seen)]);
  }

  /** The fingerprint a serialized model was saved with, or null when the bytes are not a model. */
  static fingerprintOf(data: Buffer): string | null {
    try {
      return readHeader(data).header.fingerprint;
    } catch {
      return null;
    }
  }

  /** Rebuilds a serialized model; throws on anything malformed or truncated (the caller retrains). */
  static deserialize(data: Buffer): IntentClassifier {
    const { header, offset } = readHeader(data);
    const k = header.intents.length;
    const need = offset + 8 * k + 4 * header.rows + 4 * header.rows * k + 4 * header.seen;
    if (data.length !== need) throw new Error(`serialized intent model is ${data.length} bytes, expected ${need}`);
    // Copied out (not viewed) so the model never pins a pooled Buffer and alignment never matters.
    const copy = (start: number, byteLength: number): ArrayBuffer => {
      const out = new ArrayBuffer(byteLength);
      data.copy(new Uint8Array(out), 0, start, start + byteLength);
      return out;
    };
    let at = offset;
    const bias = new Float64Array(copy(at, 8 * k));
    at += 8 * k;
    const rows = new Int32Array(copy(at, 4 * header.rows));
    at += 4 * header.rows;
    const rowWeights = new Float32Array(copy(at, 4 * header.rows * k));
    at += 4 * header.rows * k;
    const seen = new Int32Array(copy(at, 4 * header.seen));
    const featurizer = new TextFeaturizer(header.bits);
    featurizer.addUserWords(header.userWords);
    for (const row of rows) if (row < 0 || row >= featurizer.dimension) throw new Error('serialized intent model has a row outside its table');
    const model = LinearSoftmax.restore(featurizer.dimension, k, rows, rowWeights, bias);
    return new IntentClassifier(featurizer, model, header.intents, header.temperature, new Set(seen), header.oosThreshold);
  }

  /** Adds segmenter words for prediction (retrain for them to shape the weights too). */
  addUserWords(words: string[]): void {
    this.featurizer.addUserWords(words);
  }

  /** `normalized`: the text comes from normalizeText, so traditional characters are already folded. */
  predict(text: string, normalized = false): IntentPrediction {
    const input = typeof text === 'string' ? text.slice(0, 2000) : '';
    const x = this.featurizer.vectorize(input, normalized);
    const probs = softmax(this.model.logits(x, this.scratch), this.temperature);
    const ranking = this.intents.map((intent, i) => ({ intent, score: probs[i] })).sort((a, b) => b.score - a.score);
    const top = ranking[0];
    // A turn with no letters/characters, or whose multi-character features the model has mostly never
    // seen (keyboard mashing, emoji only), has nothing shopping-related to go on.
    let known = 0;
    for (const h of x.strong) known += this.seen.has(h) ? 1 : 0;
    const hasContent = /[\u3400-\u9fffa-zA-Z0-9]/.test(input);
    // Only Latin-only turns are judged by coverage: Chinese turns full of product names and addresses
    // legitimately contain many unseen n-grams, and the probability threshold handles them.
    const latinOnly = !/[\u3400-\u9fff]/.test(input);
    const unrecognised = !hasContent || (latinOnly && x.strong.length >= 3 && known / x.strong.length < 0.34);
    if (top.intent !== OUT_OF_SCOPE && (unrecognised || top.score < this.oosThreshold)) {
      return { intent: OUT_OF_SCOPE, confidence: round(unrecognised ? max(0.5, 1 - top.score) : 1 - top.score), ranking };
    }
    return { intent: top.intent, confidence: round(top.score), ranking };
  }
}

/** Bump when the serialized layout changes: older files then fail to load and are retrained. */
const SERIAL_FORMAT = 'kefu-intent-v1';

interface SerialHeader {
  format: string;
  fingerprint: string;
  intents: string[];
  temperature: number;
  oosThreshold: number;
  bits: number;
  userWords: string[];
  rows: number;
  seen: number;
}

function readHeader(data: Buffer): { header: SerialHeader; offset: number } {
  if (data.length < 4) throw new Error('serialized intent model is truncated');
  const length = data.readUInt32LE(0);
  if (4 + length > data.length) throw new Error('serialized intent model is truncated');
  const header = JSON.parse(data.subarray(4, 4 + length).toString('utf8')) as SerialHeader;
  if (header.format !== SERIAL_FORMAT) throw new Error(`serialized intent model format ${String(header.format)} is not ${SERIAL_FORMAT}`);
  if (!Array.isArray(header.intents) || header.intents.length < 2 || !(header.bits >= 8 && header.bits <= 24)) throw new Error('serialized intent model header is invalid');
  const offset = 4 + length + ((8 - ((4 + length) % 8)) % 8);
  return { header, offset };
}

function bytes(array: Float64Array | Float32Array | Int32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

function round(value: number): number {
  return Math.round(min(1, max(0, value)) * 10000) / 10000;
}
