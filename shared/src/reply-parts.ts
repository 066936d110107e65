import type { OutboundMessage } from './messages';

/** One choice of a menu: `label` is shown, `text` is what the shopper's tap (or typing) sends back. */
export interface MenuItem {
  id: string;
  label: string;
  text: string;
}

/** One platform message of a rendered reply, in a form the channel declared in its SendCapabilities. */
export type ReplyPart =
  | { kind: 'text'; text: string }
  | { kind: 'menu'; head: string; items: MenuItem[] }
  | { kind: 'link'; title: string; description: string; url: string; imageUrl?: string };

/** What the core hands a protocol's `send`: the reply, and the parts it was rendered to for this channel. */
export interface RenderedOutbound extends OutboundMessage {
  parts: ReplyPart[];
}

/**
 * The text of a reply rendered for a text-only channel. Such a channel's declaration makes the core
 * send exactly one text part; anything else means the declaration and `send` disagree, which is a bug
 * to surface, not a card to drop silently.
 */
export function textOnlyPart(parts: readonly ReplyPart[]): string {
  const [first, ...rest] = parts;
  if (!first || first.kind !== 'text' || rest.length > 0) throw new Error(`a text-only channel was handed ${parts.map((part) => part.kind).join(', ') || 'no parts'}`);
  return first.text;
}
