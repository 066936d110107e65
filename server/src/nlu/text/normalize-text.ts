import * as OpenCC from 'opencc-js';

/** Result of {@link normalizeText}: the cleaned text and the names of the steps that changed it. */
export interface NormalizedText {
  text: string;
  steps: string[];
}

/** Hard cap on normalised length: shoppers never need more, and every later stage is at least linear. */
export const MAX_NORMALIZED_CHARS = 2000;
// Raw input is pre-cut generously before any regex work so a megabyte paste cannot stall the event loop.
const MAX_RAW_CHARS = MAX_NORMALIZED_CHARS * 4;

// Hong Kong (incl. Cantonese characters) and Taiwan (with phrase conversion, 記憶體→内存) both end in
// mainland simplified; running both is harmless on text that is already simplified.
const hkToCn = OpenCC.Converter({ from: 'hk', to: 'cn' });
const twToCn = OpenCC.Converter({ from: 'twp', to: 'cn' });

// JDDC-style masked values ([订单x], [电话x], [数字x], [链接x] …) must survive untouched: later stages key
// on them. They are swapped for private-use sentinels while the text is rewritten.
const PLACEHOLDER = /\[[\u4e00-\u9fffA-Za-z]{1,8}x\]/g;
const SENTINEL_BASE = 0xe000;

// C0/C1 controls (except tab/newline/CR), zero-width marks, BOM, replacement and non-characters, and the
// private-use area (which also frees it for the placeholder sentinels).
function isStrippedControl(code: number): boolean {
  return (
    (code <= 0x1f && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200b || code === 0x200c || code === 0x2060 || code === 0xfeff ||
    code === 0xfffd || code === 0xfffe || code === 0xffff ||
    (code >= 0xe000 && code <= 0xf8ff) ||
    // Lone surrogates: they would become U+FFFD once stored as UTF-8.
    (code >= 0xd800 && code <= 0xdfff)
  );
}

function stripControls(text: string): string {
  let out = '';
  for (const ch of text) if (!isStrippedControl(ch.codePointAt(0) ?? 0)) out += ch;
  return out;
}
const SCRIPT_BLOCK = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const HTML_TAG = /<\/?[a-zA-Z][^<>]{0,200}>/g;
// Emoji and their glue (ZWJ, variation selectors, skin tones, keycaps, flags), plus pictographic and
// decorative symbols (★ ♥ ✿ ◆ …). \p{So} covers the dingbats; currency (Sc) and maths (Sm, e.g. ×) stay.
const EMOJI = /(?:\p{Extended_Pictographic}|\p{So}|\u200d|\ufe0e|\ufe0f|\u20e3|[\u{1f3fb}-\u{1f3ff}]|[\u{1f1e6}-\u{1f1ff}]|[\u{e0020}-\u{e007f}])/gu;
const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])\\s+(?=[${CJK}])`, 'g');

/**
 * Canonicalises raw shopper text so the matchers downstream see one spelling of everything:
 * NFKC (full-width → half-width, so punctuation ends up half-width too), traditional → simplified,
 * no emoji/decorations/HTML, single punctuation marks, single spaces. Never throws.
 */
export function normalizeText(raw: string): NormalizedText {
  const steps: string[] = [];
  let text = typeof raw === 'string' ? raw : String(raw ?? '');
  const step = (name: string, next: string): void => {
    if (next !== text) steps.push(name);
    text = next;
  };

  if (text.length > MAX_RAW_CHARS) step('truncate', text.slice(0, MAX_RAW_CHARS));
  step('control', stripControls(text));
  step('nfkc', text.normalize('NFKC'));

  const placeholders: string[] = [];
  text = text.replace(PLACEHOLDER, (match) => {
    placeholders.push(match);
    return String.fromCharCode(SENTINEL_BASE + Math.min(placeholders.length - 1, 0x18ff));
  });

  step('html', text.replace(SCRIPT_BLOCK, ' ').replace(HTML_TAG, ' '));
  step('t2s', safeConvert(text));
  step('emoji', text.replace(EMOJI, ' '));
  step('punct', collapsePunctuation(text));
  step('space', text.replace(/\s+/g, ' ').replace(SPACE_BETWEEN_CJK, '').trim());

  const chars = Array.from(text);
  if (chars.length > MAX_NORMALIZED_CHARS) step('truncate', chars.slice(0, MAX_NORMALIZED_CHARS).join(''));

  text = text.replace(/[\ue000-\uf8ff]/g, (c) => placeholders[c.charCodeAt(0) - SENTINEL_BASE] ?? '');
  return { text, steps };
}

function safeConvert(text: string): string {
  try {
    return twToCn(hkToCn(text));
  } catch {
    // A conversion failure must not lose the message; untranslated traditional text is still usable.
    return text;
  }
}

function collapsePunctuation(text: string): string {
  return (
    text
      // A run mixing ! and ? is still a question (e.g. "?!?!").
      .replace(/[!?]{2,}/g, (run) => (run.includes('?') ? '?' : '!'))
      .replace(/(?:\.{3,}|。{2,}|…+)/g, '…')
      .replace(/([~,，、;:\-—_=*#^`|\\/])\1+/g, '$1')
  );
}
