import { Parser } from 'htmlparser2';

/** Elements whose content is never text of the document. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head']);
/** Elements that start and end a line of their own. */
const BLOCKS = new Set(['p', 'div', 'section', 'article', 'li', 'tr', 'table', 'ul', 'ol', 'blockquote', 'pre', 'dd', 'dt', 'header', 'footer']);
const HEADING = /^h([1-6])$/;

/**
 * HTML (pages, help-centre exports, mammoth's .docx output) to plain text that keeps headings as
 * Markdown "#" lines, so one splitter handles every document format. A real tokenizer (htmlparser2)
 * in one linear pass: regular expressions over markup went quadratic on unclosed tags, and an
 * import must not hand a hostile file that lever. Entities are decoded by the parser.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let skipDepth = 0;
  let heading: { level: number; parts: string[] } | null = null;

  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipDepth += 1;
        if (skipDepth > 0) return;
        const level = HEADING.exec(name);
        if (level) heading = { level: Number(level[1]), parts: [] };
        else if (name === 'li') out.push('\n- ');
        else if (name === 'br') (heading?.parts ?? out).push(heading ? ' ' : '\n');
        else if (BLOCKS.has(name)) out.push('\n');
      },
      ontext(text) {
        if (skipDepth > 0) return;
        (heading?.parts ?? out).push(text);
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (skipDepth > 0) return;
        if (heading && HEADING.test(name)) {
          out.push(`\n\n${'#'.repeat(heading.level)} ${heading.parts.join('').replace(/\s+/g, ' ').trim()}\n\n`);
          heading = null;
        } else if (BLOCKS.has(name)) out.push('\n');
        else if (name === 'td' || name === 'th') out.push('\t');
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  // A heading left open at the end of the input still counts as a heading.
  const open = heading as { level: number; parts: string[] } | null;
  if (open) out.push(`\n\n${'#'.repeat(open.level)} ${open.parts.join('').replace(/\s+/g, ' ').trim()}\n\n`);

  return out
    .join('')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
