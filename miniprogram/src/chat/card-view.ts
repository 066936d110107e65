import type { Card } from '@kefu/shared/src/messages';
import type { ChatEntry } from './message-list';

/**
 * What each card type shows, worked out once in plain TypeScript so every platform renders the same
 * thing and the decisions (which field is the price, which button confirms) are tested without a UI.
 */
export type CardView =
  | { kind: 'order'; title: string; state: string | null; fields: Field[]; link: Link | null }
  | { kind: 'product'; title: string; body: string | null; imageUrl: string | null; price: string | null; stock: string | null; soldOut: boolean; fields: Field[]; buy: Link | null }
  | { kind: 'logistics'; title: string; fields: Field[]; steps: Step[] }
  | { kind: 'refund'; title: string; state: string | null; tone: 'progress' | 'done' | 'rejected'; fields: Field[] }
  | { kind: 'confirmation'; title: string; body: string | null; fields: Field[]; buttons: Button[] }
  | { kind: 'quick_replies'; title: string; chips: Button[] }
  | { kind: 'rating'; title: string; body: string | null };

export interface Field {
  label: string;
  value: string;
}
export interface Link {
  label: string;
  url: string;
}
export interface Step {
  time: string;
  text: string;
  latest: boolean;
}
export interface Button {
  label: string;
  /** Sent as the shopper's next message when tapped. */
  text: string;
  primary: boolean;
}

const PRICE_LABEL = /价|price/i;
const STOCK_LABEL = /库存|stock/i;
const NEGATIVE = /取消|不|cancel|no/i;

export function cardView(card: Card): CardView {
  const fields = card.fields ?? [];
  const link = card.link ?? null;
  switch (card.type) {
    case 'order':
      return { kind: 'order', title: card.title, state: card.state ?? null, fields, link };
    case 'product': {
      const price = fields.find((f) => PRICE_LABEL.test(f.label))?.value ?? null;
      const stockField = fields.find((f) => STOCK_LABEL.test(f.label));
      const stock = stockField?.value ?? null;
      const rest = fields.filter((f) => f !== stockField && !PRICE_LABEL.test(f.label));
      const soldOut = stock !== null && (/^0\D*$/.test(stock.trim()) || /无货|售罄|缺货/.test(stock));
      return { kind: 'product', title: card.title, body: card.body ?? null, imageUrl: card.imageUrl ?? null, price, stock, soldOut, fields: rest, buy: soldOut ? null : link };
    }
    case 'logistics': {
      // The schema keeps events newest first; the newest step is the one highlighted.
      const steps = (card.timeline ?? []).map((event, index) => ({ time: event.time, text: event.text, latest: index === 0 }));
      return { kind: 'logistics', title: card.title, fields, steps };
    }
    case 'refund':
      return { kind: 'refund', title: card.title, state: card.state ?? null, tone: refundTone(card.state), fields };
    case 'confirmation': {
      const actions = card.actions && card.actions.length > 0 ? card.actions : [{ label: '确认', text: '确认' }, { label: '取消', text: '取消' }];
      return { kind: 'confirmation', title: card.title, body: card.body ?? null, fields, buttons: actions.map((a) => ({ ...a, primary: !NEGATIVE.test(a.label) })) };
    }
    case 'quick_replies':
      return { kind: 'quick_replies', title: card.title, chips: (card.actions ?? []).map((a) => ({ ...a, primary: false })) };
    case 'rating':
      return { kind: 'rating', title: card.title, body: card.body ?? null };
  }
}

function refundTone(state: string | undefined): 'progress' | 'done' | 'rejected' {
  if (state && /refunded|completed|done|success/.test(state)) return 'done';
  if (state && /rejected|refused|closed|failed/.test(state)) return 'rejected';
  return 'progress';
}

/** The chips above the input: the suggestions of the newest reply, gone once the shopper answers. */
export function currentQuickReplies(entries: ChatEntry[]): Button[] {
  const last = entries[entries.length - 1];
  if (!last || last.message.role === 'shopper') return [];
  const card = (last.message.cards ?? []).find((c) => c.type === 'quick_replies');
  return card ? (card.actions ?? []).map((a) => ({ ...a, primary: false })) : [];
}

/** A confirmation is answered once the shopper has said anything after it: its buttons then stop working. */
export function isAnswered(entries: ChatEntry[], index: number): boolean {
  return entries.slice(index + 1).some((entry) => entry.message.role === 'shopper');
}

/** The conversation is ending (the shopper said thanks or goodbye, or the bot asked for a rating): offer the rating. */
export function shouldOfferRating(entries: ChatEntry[]): boolean {
  const lastReply = [...entries].reverse().find((entry) => entry.message.role !== 'shopper');
  if (!lastReply) return false;
  return lastReply.message.intent === 'thanks_bye' || (lastReply.message.cards ?? []).some((c) => c.type === 'rating');
}
