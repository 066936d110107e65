const FILLER = /不对|不是|对了|就是|是|改成|换成|改为|换|要|的|吧|呢|呀|啊|哦|噢|嗯|了|那|就|这个|那个|我|给我|帮我|麻烦|亲|哈|好|对|码|色|颜色|尺码|地址|电话|号码|订单|单号|[,，.。!！?？~\s]/g;

/**
 * True when a turn carries a slot value and almost nothing else ("黑色呢", "换40码的", "不对 是重庆市…"),
 * so it completes the previous task rather than starting a new one. Conversation-control intents the
 * classifier is sure of (thanks, handoff) are never overridden.
 */
export function isValueOnlyTurn(text: string, slots: Record<string, unknown>, predictedIntent: string): boolean {
  if (['thanks_bye', 'human.handoff', 'greeting', 'affirm', 'deny', 'complaint'].includes(predictedIntent) && Object.keys(slots).length === 0) return false;
  if (Object.keys(slots).length === 0) return false;
  let rest = text;
  for (const value of Object.values(slots)) rest = rest.split(String(value)).join('');
  rest = rest.replace(/\d+/g, '').replace(FILLER, '');
  return rest.length <= 2;
}

const LABELS = /订单号|运单号|单号|订单|手机号|电话|号码|地址|我的|就是|是|的|了|吧|呢|啊|呀|哦|[,，.。!！?？:：~\s]/g;

/**
 * Stricter than a value-only turn: nothing but the value and its label ("订单号是E2026…"). Such a turn
 * always completes the open task, however sure the classifier is that a bare order number means
 * tracking; a turn with a verb ("改成黑色") may start a new request.
 */
export function isBareValue(text: string, slots: Record<string, unknown>): boolean {
  if (Object.keys(slots).length === 0) return false;
  let rest = text;
  for (const value of Object.values(slots)) rest = rest.split(String(value)).join('');
  return rest.replace(/\d+/g, '').replace(LABELS, '').length === 0;
}
