import type { Card, OutboundMessage } from './messages';
import type { MenuItem, RenderedOutbound, ReplyPart } from './reply-parts';
import { TEXT_ONLY, type LengthLimit, type SendCapabilities } from './send-capabilities';

type ReplyContent = Pick<OutboundMessage, 'text' | 'cards'>;

/**
 * UTF-8 length counted by code point: the front-ends import @kefu/shared, and not every mini-program
 * runtime has TextEncoder or Buffer.
 */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

function fits(text: string, limit: LengthLimit | undefined): boolean {
  if (!limit) return true;
  if (limit.maxChars !== undefined && Array.from(text).length > limit.maxChars) return false;
  return limit.maxBytes === undefined || utf8Bytes(text) <= limit.maxBytes;
}

/** Cut to the limit, whole characters only, ending in "…" so the shopper sees that something was cut. */
export function truncateToLimit(text: string, limit: LengthLimit | undefined): string {
  if (fits(text, limit)) return text;
  const characters = Array.from(text);
  const cut = (keep: number) => `${characters.slice(0, keep).join('')}…`;
  // The longest prefix that fits with the mark: fitting only gets easier as the prefix shrinks, so halve the range.
  let low = 0;
  let high = characters.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(cut(middle), limit)) low = middle;
    else high = middle - 1;
  }
  return cut(low);
}

/** A card's content without its choices: title, fields, body, newest logistics event, link. */
function cardLines(card: Card): string[] {
  const lines = [`【${card.title}】`];
  for (const field of card.fields ?? []) lines.push(`${field.label}：${field.value}`);
  if (card.body) lines.push(card.body);
  const latest = card.timeline?.[0];
  if (latest) lines.push(`${latest.time} ${latest.text}`);
  if (card.link) lines.push(`${card.link.label}：${card.link.url}`);
  return lines;
}

/**
 * A card as text for a channel that cannot show it. Buttons become "回复「确认」" hints: the shopper
 * can only type a button's text back, and the text is what the pipeline reads as the choice.
 */
function cardAsText(card: Card): string {
  const lines = cardLines(card);
  if (card.actions?.length) lines.push(card.actions.map((action) => `回复「${action.text}」${action.label === action.text ? '' : `（${action.label}）`}`).join(' / '));
  return lines.join('\n');
}

/** A card with choices as a menu, when the channel has menus and every choice fits them. */
function cardAsMenu(card: Card, menu: NonNullable<SendCapabilities['menu']>): ReplyPart | null {
  const actions = card.actions ?? [];
  if (actions.length === 0 || actions.length > menu.maxItems) return null;
  // A tap sends the item back verbatim: an item cut to fit would send a choice the pipeline never offered.
  if (!actions.every((action) => fits(action.text, menu.item))) return null;
  const items: MenuItem[] = actions.map((action, index) => ({ id: String(index + 1), label: action.label, text: action.text }));
  return { kind: 'menu', head: cardLines(card).join('\n'), items };
}

/** A card that is mainly a link (a product or checkout page) as a link card, when it has no choices to lose. */
function cardAsLink(card: Card, link: NonNullable<SendCapabilities['link']>): ReplyPart | null {
  if (!card.link || card.actions?.length) return null;
  const description = cardLines({ ...card, title: '', link: undefined }).slice(1).join('\n');
  return { kind: 'link', title: truncateToLimit(card.title, link.title), description: truncateToLimit(description, link.description), url: card.link.url, imageUrl: card.imageUrl };
}

function richPart(card: Card, capabilities: SendCapabilities): ReplyPart | null {
  return (capabilities.menu && cardAsMenu(card, capabilities.menu)) || (capabilities.link && cardAsLink(card, capabilities.link)) || null;
}

/**
 * The one place a reply's cards become what a channel can send: each card takes the best form the
 * channel declares (a menu for choices, a link card for a link) and otherwise degrades to text. The
 * reply's text and the degraded cards go out as one text message, since every message counts against
 * the platform's per-reply quota; a lone menu carries that text as its head for the same reason.
 */
export function renderReply(reply: ReplyContent, capabilities: SendCapabilities): ReplyPart[] {
  let texts = reply.text.trim() ? [reply.text.trim()] : [];
  const rich: ReplyPart[] = [];
  for (const card of reply.cards) {
    const part = richPart(card, capabilities);
    if (part) rich.push(part);
    else texts.push(cardAsText(card));
  }
  const [only] = rich;
  if (rich.length === 1 && only?.kind === 'menu' && texts.length > 0) {
    rich[0] = { ...only, head: [...texts, only.head].join('\n\n') };
    texts = [];
  }
  const fitted = rich.map((part) => (part.kind === 'menu' ? { ...part, head: truncateToLimit(part.head, capabilities.menu?.head) } : part));
  if (texts.length === 0 && fitted.length > 0) return fitted;
  return [{ kind: 'text', text: truncateToLimit(texts.join('\n\n'), capabilities.text) }, ...fitted];
}

/** The reply as one text, for text-only uses (a passive reply, a template message's field). */
export function renderReplyText(reply: ReplyContent, limit: LengthLimit = {}): string {
  const [part] = renderReply(reply, { ...TEXT_ONLY, text: limit });
  return part?.kind === 'text' ? part.text : '';
}

/** The reply with the parts a channel with these capabilities sends. */
export function renderOutbound(message: OutboundMessage, capabilities: SendCapabilities): RenderedOutbound {
  return { ...message, parts: renderReply(message, capabilities) };
}
