/**
 * The reason codes the refund rules understand, read from the shopper's words. Order matters: a
 * "broken on arrival" complaint is damage even if it also says 不想要了.
 */
const REASONS: [code: string, pattern: RegExp][] = [
  ['damaged', /破损|摔坏|压坏|碎了|坏了/],
  ['wrong_item', /发错|错发|不是我买的|颜色不对|尺码不对/],
  ['not_received', /没收到|未收到|没到|丢件|丢了/],
  ['quality_issue', /质量|瑕疵|开线|掉色|故障|不能用|用不了|假货/],
  ['no_reason', /无理由|不想要|不喜欢|不合适|买错|拍错|不要了|七天/],
];

export function refundReasonOf(text: string): string {
  return REASONS.find(([, pattern]) => pattern.test(text))?.[0] ?? 'other';
}

export const REASON_LABELS: Record<string, string> = {
  damaged: '商品破损',
  wrong_item: '错发/漏发',
  not_received: '未收到货',
  quality_issue: '质量问题',
  no_reason: '七天无理由',
  other: '其他原因',
};
