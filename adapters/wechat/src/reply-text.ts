import type { Card, OutboundMessage } from '@kefu/shared';

function cardLines(card: Card): string[] {
  const lines = [`【${card.title}】`];
  if (card.body) lines.push(card.body);
  for (const field of card.fields ?? []) lines.push(`${field.label}：${field.value}`);
  const latest = card.timeline?.[0];
  if (latest) lines.push(`${latest.time} ${latest.text}`);
  if (card.link) lines.push(`${card.link.label}：${card.link.url}`);
  if (card.actions?.length) lines.push(`回复：${card.actions.map((action) => `「${action.text}」`).join(' ')}`);
  return lines;
}

/** WeChat text messages cannot show cards: each card becomes a few lines under the reply's text. */
export function replyText(message: Pick<OutboundMessage, 'text' | 'cards'>): string {
  const parts = [message.text, ...message.cards.map((card) => cardLines(card).join('\n'))].filter((part) => part.length > 0);
  return parts.join('\n\n');
}
