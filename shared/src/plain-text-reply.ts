import type { Card } from './messages';

/**
 * A reply as plain text, for channels that cannot render cards (Douyin 私信, Weibo, Xiaohongshu):
 * the text, then each card's title, fields, body, newest logistics event, link and button labels.
 * Buttons become "回复「确认」" hints because the shopper can only type the button's text back.
 */
export function plainTextReply(text: string, cards: readonly Card[]): string {
  const parts = text.trim() ? [text.trim()] : [];
  for (const card of cards) {
    const lines = [`【${card.title}】`];
    for (const field of card.fields ?? []) lines.push(`${field.label}：${field.value}`);
    if (card.body) lines.push(card.body);
    const latest = card.timeline?.[0];
    if (latest) lines.push(`${latest.time} ${latest.text}`);
    if (card.link) lines.push(`${card.link.label}：${card.link.url}`);
    if (card.actions?.length) lines.push(card.actions.map((action) => `回复「${action.text}」${action.label === action.text ? '' : `（${action.label}）`}`).join(' / '));
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n');
}
