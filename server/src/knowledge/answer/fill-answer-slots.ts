/** What a placeholder says when the shopper did not name the thing: neutral words, never a raw `{product}`. */
const NEUTRAL_WORDS: Record<string, string> = {
  product: '该商品',
  order_id: '您的订单',
  color: '该颜色',
  size: '该尺码',
};

const PLACEHOLDER = /\{([a-z_]{1,32})\}/g;

/**
 * Adapts an entry's answer to the question without a model: merchants write placeholders such as
 * `{product}` in an answer ("{product}支持7天无理由退货"), and the slots the NLU found in this turn
 * (or carried from earlier turns) fill them. A placeholder with no slot gets neutral words.
 */
export function fillAnswerSlots(answer: string, slots: Record<string, string | number>): string {
  return answer.replace(PLACEHOLDER, (_match, name: string) => {
    const value = slots[name];
    if (value !== undefined && String(value).trim()) return String(value).trim();
    return NEUTRAL_WORDS[name] ?? '';
  });
}
