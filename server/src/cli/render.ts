import type { Card, WebMessage } from '@kefu/shared';
import { isProactive } from './message-kinds';

const cardLabels: Record<Card['type'], string> = { order: '订单', product: '商品', logistics: '物流', quick_replies: '快捷回复', refund: '退款', confirmation: '请确认', rating: '评价' };

/** A card as plain indented text lines, for the terminal. */
export function renderCard(card: Card): string[] {
  const lines = [`  ┌ [${cardLabels[card.type] ?? card.type}] ${card.title}`];
  if (card.body) for (const line of card.body.split('\n')) lines.push(`  │ ${line}`);
  for (const field of card.fields ?? []) lines.push(`  │ ${field.label}: ${field.value}`);
  // A cart reminder says "点下方去结算": the terminal shows where that button leads.
  if (card.link) lines.push(`  │ [${card.link.label}] ${card.link.url}`);
  if (card.actions && card.actions.length > 0) {
    lines.push('  │ ' + card.actions.map((a) => (a.label === a.text ? `[${a.label}]` : `[${a.label}] → ${a.text}`)).join('  '));
  }
  lines.push('  └');
  return lines;
}

const speaker: Record<WebMessage['role'], string> = { bot: '客服机器人', agent: '人工客服', shopper: '我' };

/** A bot or agent reply as terminal lines: the speaker, the text, then its cards. */
export function renderMessage(message: WebMessage): string[] {
  const status = (isProactive(message) ? ' (主动消息)' : '') + (message.status === 'failed' ? ' (发送失败)' : '');
  const [first = '', ...rest] = message.text.split('\n');
  return [`${speaker[message.role]}${status}: ${first}`, ...rest.map((line) => `  ${line}`), ...(message.cards ?? []).flatMap(renderCard)];
}

/** The --jsonl line for one bot reply. */
export function replyJson(message: WebMessage): string {
  return JSON.stringify({ text: message.text, cards: message.cards ?? [], intent: message.intent ?? null });
}
