/** A length as the platform counts it: WeCom states UTF-8 bytes, Weibo states characters. Unset: no stated limit. */
export interface LengthLimit {
  maxBytes?: number;
  maxChars?: number;
}

/**
 * The message forms a channel's `send` can deliver, with the platform's limits. The core renders each
 * reply to the best form declared here (see renderReply) and hands `send` only those forms, so a
 * platform gains, say, menus by declaring `menu` and implementing it in `send` — nothing else moves.
 * Declare only what `send` implements today; a limit not stated by the platform stays unset.
 */
export interface SendCapabilities {
  /** Every channel sends text. */
  text: LengthLimit;
  /** A picture (WeChat/WeCom `image`, which need an uploaded media_id). */
  image?: { maxFileBytes?: number };
  /** A link card (WeChat `news`/`link`, WeCom `link`): title, description, URL, optional picture. */
  link?: { title?: LengthLimit; description?: LengthLimit };
  /** A mini-program card (WeChat `miniprogrampage`, WeCom `miniprogram`). */
  miniProgram?: { title?: LengthLimit };
  /** Choices the shopper taps (WeChat/WeCom `msgmenu`); a tap sends the item's text back as the shopper's message. */
  menu?: { maxItems: number; head?: LengthLimit; item?: LengthLimit };
  /** A file attachment (WeCom `file`). */
  file?: { maxFileBytes?: number };
}

/** What a channel that sends only text declares. */
export const TEXT_ONLY: SendCapabilities = { text: {} };
