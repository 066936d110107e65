import { CatalogResolver, type CatalogProduct } from '../catalog/catalog-resolver';
import { TypoCorrector } from '../catalog/typo-corrector';
import { IntentClassifier, OUT_OF_SCOPE, type IntentExample } from '../intent/intent-classifier';
import { buildTrainingCorpus } from '../intent/training-corpus';
import { detectNeeds } from '../sentiment/detect-needs';
import type { SentimentAnalyzer } from '../sentiment/sentiment-analyzer';
import { extractSlots, findOrderIds } from '../slots/extract-slots';
import { ECOMMERCE_LEXICON, ECOMMERCE_TERMS } from '../text/ecommerce-lexicon';
import { foldCantonese } from '../text/cantonese-fold';
import { normalizeText } from '../text/normalize-text';
import { PinyinInputConverter } from '../text/pinyin-input';
import { emptyDialogContext, type DialogContext } from './dialog-context';
import type { DialogTopic } from '../dialogue/read-turn';
import type { NluResult } from './nlu-result';
import { resolveOrderReference } from './order-references';
import { carriableSlots, CONTROL_INTENTS, isTaskIntent } from './slot-scopes';
import { classifySentiment } from './classify-sentiment';
import { calibrateParcelConfidence } from './intent-evidence';
import { isBareValue, isValueOnlyTurn } from './value-only-turn';
import { CatalogCategories } from '../catalog/catalog-categories';
import { readFollowUp, readTurnFacts, settleIntent } from '../dialogue/read-turn';
import { afterWithdrawal } from '../dialogue/request-words';

export interface NluEngineOptions {
  catalog: CatalogProduct[];
  /** The tenant's order-number formats; unset: a general recogniser. */
  orderNumberPatterns?: RegExp[];
  /** Shared across tenants without merchant intents: training takes seconds, so build it once. */
  classifier: IntentClassifier;
  /** Optional: without it sentiment comes from the customer-service lexicon alone. */
  sentiment?: SentimentAnalyzer | null;
  now?: () => Date;
}

/**
 * The understanding engine: normalise → pinyin → typo correction → product resolution → slots →
 * intent → context (carry, anaphora, corrections, value-only turns) → sentiment and needs.
 * Pure over (text, context): the caller stores the returned context (conversations.context), so
 * any process can continue a conversation.
 */
export class NluEngine {
  private readonly resolver: CatalogResolver;
  private readonly pinyin: PinyinInputConverter;
  private readonly typos: TypoCorrector;
  private readonly categories: CatalogCategories;

  constructor(private readonly options: NluEngineOptions) {
    this.resolver = new CatalogResolver(options.catalog);
    this.categories = new CatalogCategories(options.catalog);
    const vocabulary = this.resolver.vocabulary();
    const latinWords = vocabulary.flatMap((word) => word.match(/[A-Za-z]+/g) ?? []);
    this.pinyin = new PinyinInputConverter([...vocabulary, ...ECOMMERCE_LEXICON], latinWords);
    this.typos = new TypoCorrector([...vocabulary, ...ECOMMERCE_TERMS]);
  }

  /** Trains the shared intent model on the project's corpus plus any merchant intents. */
  static trainClassifier(merchantExamples: IntentExample[] = []): IntentClassifier {
    return IntentClassifier.train([...buildTrainingCorpus(), ...merchantExamples]);
  }

  parse(rawText: string, previous: DialogContext = emptyDialogContext()): { result: NluResult; context: DialogContext } {
    const text = typeof rawText === 'string' ? rawText : '';
    // Cantonese particles are read as Mandarin before typo correction, which would otherwise take the
    // homophone 快啲 (faai di) for 快递 (kuai di).
    const plain = normalizeText(text).text;
    const normalized = this.typos.correct(foldCantonese(this.pinyin.convert(plain).text)).text;
    const turnSlots: Record<string, string | number> = { ...extractSlots(normalized, { orderNumberPatterns: this.options.orderNumberPatterns, now: this.options.now?.() }) };
    const candidates = this.resolver.candidates(normalized);
    const product = this.resolver.resolve(normalized, candidates);
    if (product) turnSlots.product = product.product.name;
    const reading = readTurnFacts(normalized, candidates.map((c) => c.product.name), this.categories.categoriesIn(normalized));

    const mentioned = findOrderIds(normalized, this.options.orderNumberPatterns, typeof turnSlots.tracking_no === 'string' ? turnSlots.tracking_no : undefined);
    const activeOrder = typeof previous.slots.order_id === 'string' ? previous.slots.order_id : undefined;
    const history = [...previous.orderHistory, ...mentioned.filter((order) => !previous.orderHistory.includes(order))];
    const referenced = resolveOrderReference(normalized, mentioned, history, activeOrder);
    let orderFromContext = false;
    if (referenced) {
      orderFromContext = !mentioned.includes(referenced);
      turnSlots.order_id = referenced;
    }

    // "不用了 电饭煲怎么清洗" waves off the earlier offer and asks something new: the new question is classified.
    const prediction = this.options.classifier.predict(afterWithdrawal(normalized), true);
    let intent = settleIntent(prediction.intent, normalized, reading, mentioned.length > 0 || Boolean(referenced));
    let confidence = calibrateParcelConfidence(intent, prediction.confidence, normalized, turnSlots);
    // A turn that only supplies a value (an address, a colour, an order number) or corrects one
    // keeps the intent of the task it completes.
    // A confident prediction of another task ("改成黑色" after a cancel was withdrawn) is a new request.
    const pointsBack = Boolean(referenced) && orderFromContext;
    const confidentlyElsewhere = isTaskIntent(intent) && confidence >= 0.85 && !isBareValue(normalized, turnSlots);
    if (previous.lastIntent && isTaskIntent(previous.lastIntent) && (pointsBack || (!confidentlyElsewhere && isValueOnlyTurn(normalized, turnSlots, intent)))) {
      if (intent !== previous.lastIntent) confidence = Math.max(confidence, 0.7);
      intent = previous.lastIntent;
    }

    // A follow-up that leaves the subject out is read against the topic: 那X呢 continues the last
    // question about another product, 价格呢 asks the last question's product.
    const followUp = readFollowUp(normalized, product?.matched ?? candidates[0]?.matched, reading, previous.topic, typeof previous.slots.product === 'string' ? previous.slots.product : undefined);
    if (followUp?.intent && !isTaskIntent(intent)) intent = followUp.intent;
    else if (followUp?.intent && followUp.intent !== intent && confidence < 0.85) intent = followUp.intent;
    if (followUp?.attribute && !reading.attribute) reading.attribute = followUp.attribute;
    if (followUp && !product && !reading.order.refersToOrder && !PRODUCT_QUESTION_INTENTS.has(intent)) intent = reading.attribute === 'stock' ? 'product.stock' : 'product.spec';

    const slots: Record<string, string | number> = {};
    const carried: string[] = [];
    if (!CONTROL_INTENTS.has(intent) && intent !== 'complaint') {
      Object.assign(slots, turnSlots);
      // "那跑鞋那单呢" names another order by its contents: the order in force is not carried into it.
      const describesOtherOrder = reading.order.refersToOrder && (reading.products.length > 0 || reading.categories.length > 0);
      for (const name of followUp && !product ? ['product', ...carriableSlots(intent)] : carriableSlots(intent)) {
        if (name === 'order_id' && describesOtherOrder) continue;
        if (slots[name] === undefined && previous.slots[name] !== undefined) {
          slots[name] = previous.slots[name];
          carried.push(name);
        }
      }
      if (orderFromContext && slots.order_id !== undefined && !carried.includes('order_id')) carried.push('order_id');
    }

    // Emotion lives partly in what normalisation removes (😡, ！！！), so it is read from the text
    // before emoji and punctuation are folded.
    const affectText = text.normalize('NFKC').slice(0, 2000);
    const sentiment = classifySentiment(affectText, this.options.sentiment ?? null);
    const needs = detectNeeds(affectText);
    const angerStreak = sentiment.label === 'negative' ? (previous.angerStreak ?? 0) + 1 : 0;
    // Rising anger goes to a person, except when the turn asks where the shopper's parcel is: that the
    // bot answers at once ("搞咩啊 快递仲系冇郁" wants the parcel, not a queue for an agent).
    if (angerStreak >= 2 && !needs.includes('escalate') && !ANSWERABLE_DESPITE_ANGER.has(intent)) needs.push('escalate');

    const context: DialogContext = {
      lastIntent: isTaskIntent(intent) ? intent : previous.lastIntent,
      slots: { ...previous.slots, ...turnSlots },
      orderHistory: history.slice(-20),
      topicStack: nextTopicStack(previous, intent),
      pendingConfirmation: previous.pendingConfirmation,
      angerStreak,
      topic: nextTopic(previous, intent, reading.attribute, followUp?.question ?? normalized, product?.matched ?? candidates[0]?.matched ?? (followUp && typeof previous.slots.product === 'string' ? previous.slots.product.toLowerCase() : undefined), Boolean(product || followUp)),
    };
    const result: NluResult = { intent: intent || OUT_OF_SCOPE, confidence: round(confidence), slots, carried, normalized, sentiment: sentiment.label, sentimentIntensity: round(sentiment.intensity), needs, reading };
    // Knowledge is asked what the engine understood when that differs from the words (pinyin, typos, Cantonese, an omitted subject).
    if (followUp) result.question = followUp.question;
    else if (normalized !== plain || afterWithdrawal(normalized) !== normalized) result.question = afterWithdrawal(normalized);
    if (previous.pendingConfirmation && (intent === 'affirm' || intent === 'deny')) {
      result.confirmation = { of: previous.pendingConfirmation.intent, answer: intent === 'affirm' ? 'yes' : 'no' };
      result.slots = { ...previous.pendingConfirmation.slots };
    }
    // A question is answered or abandoned by the next turn: it never lingers to capture a later 好的.
    context.pendingConfirmation = undefined;
    return { result, context };
  }
}

const ANSWERABLE_DESPITE_ANGER = new Set(['order.track', 'logistics.exception', 'refund.status']);

/** Intents that already ask about a product: a follow-up keeps them ("价格呢" may stay a promotion question). */
const PRODUCT_QUESTION_INTENTS = new Set(['product.stock', 'product.spec', 'product.size_advice', 'product.compatibility', 'product.authenticity', 'product.recommend', 'promotion.inquiry']);

/** Records the yes/no question the bot just asked, so the next 是的 / 算了 answers that question. */
export function expectConfirmation(context: DialogContext, intent: string, slots: Record<string, string | number> = {}): DialogContext {
  return { ...context, pendingConfirmation: { intent, slots } };
}

/** A task interrupted by another task is remembered, so "back to my order" can find it. */
function nextTopicStack(previous: DialogContext, intent: string): string[] {
  if (!isTaskIntent(intent) || !previous.lastIntent || previous.lastIntent === intent) return previous.topicStack;
  return [...previous.topicStack.filter((t) => t !== previous.lastIntent), previous.lastIntent].slice(-5);
}

/** The product question in force: a turn about a product (or following one up) becomes the topic; others keep it. */
function nextTopic(previous: DialogContext, intent: string, attribute: DialogTopic['attribute'], question: string, mention: string | undefined, aboutProduct: boolean): DialogTopic | undefined {
  if (!aboutProduct) return CONTROL_INTENTS.has(intent) ? previous.topic : undefined;
  return { intent, ...(attribute ? { attribute } : {}), question, ...(mention ? { mention } : {}) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
