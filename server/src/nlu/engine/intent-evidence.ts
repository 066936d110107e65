/**
 * Calibration for parcel questions. The classifier learns order.track / logistics.exception from
 * turns full of parcel words, but vague words that co-occur with them in the corpus (东西, 咋, 那个)
 * carry weight too, so a turn with no parcel evidence at all (那个东西咋整来着) can come out as a
 * confident order.track. Such a turn is a guess: its confidence is capped below the level at which
 * the pipeline trusts the local engine, so an unsure turn reaches the language model when one is set up.
 */
const PARCEL_INTENTS = new Set(['order.track', 'logistics.exception']);

// Words a shopper uses when the question is about a placed order or its parcel, in Mandarin,
// Cantonese and English. Single characters are included where they carry the meaning (到/寄/送/发).
const PARCEL_EVIDENCE = /快递|物流|包裹|订单|单子|单号|运单|货|件|到|寄|送|发|签收|派|驿站|站点|快递柜|丢|冒领|卡|动|更新|查|拍|买|下单|上次|那单|这单|上一单|order|track|package|parcel|deliver|ship|lost|stuck|wuliu|kuaidi|dao/i;

/** Highest confidence a parcel intent keeps without parcel evidence: below the fallback threshold (0.6). */
export const UNSUPPORTED_PARCEL_CONFIDENCE = 0.45;

/**
 * The confidence the engine should report for `intent`: unchanged unless it is a parcel intent read
 * from a turn with no parcel word and no order number or waybill among its slots.
 */
export function calibrateParcelConfidence(intent: string, confidence: number, normalized: string, slots: Record<string, unknown>): number {
  if (!PARCEL_INTENTS.has(intent)) return confidence;
  if (slots.order_id !== undefined || slots.tracking_no !== undefined) return confidence;
  if (PARCEL_EVIDENCE.test(normalized)) return confidence;
  return Math.min(confidence, UNSUPPORTED_PARCEL_CONFIDENCE);
}
