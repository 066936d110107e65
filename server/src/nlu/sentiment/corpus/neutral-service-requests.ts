import { buildTrainingCorpus } from '../../intent/training-corpus';

/** Intents whose turns ask for something without judging anything: sentiment-free service language. */
const PLAIN_REQUEST = /^(product\.|promotion\.inquiry|shipping\.eta|shipping\.courier|order\.|invoice|membership|greeting|affirm|refund\.request|refund\.status|exchange\.request)/;
/** The intent corpus adds impatience to some turns ("，急死了", "!!!"): those are not sentiment-free. */
const EMOTION = /急|烦|搞什么|[!！]{2}|😡|好久|什么情况|快点|着急/u;

/**
 * Plain service requests from the intent corpus (the project's own templates), as text with no
 * sentiment: they teach the model that 发货, 订单 or 退款 alone are neither praise nor complaint.
 */
export function neutralServiceRequests(): { text: string; label: number }[] {
  return buildTrainingCorpus({ perTemplate: 10 })
    .filter((row) => PLAIN_REQUEST.test(row.intent) && !EMOTION.test(row.text))
    .map((row) => ({ text: row.text, label: 0.5 }));
}
