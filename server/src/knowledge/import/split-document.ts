import type { DraftEntry } from './draft-entry';
import { IMPORT_LIMITS } from './import-limits';

// "Q:", "Q1：", "问：", "问题:", "1. 问：" ... and the matching answer markers.
const QUESTION = /^\s*(?:\d+\s*[.、)）]\s*)?(?:Q|问|问题|提问|Question)\s*\d*\s*[:：]\s*(.*)$/i;
const ANSWER = /^\s*(?:A|答|答案|回答|解答|Answer)\s*\d*\s*[:：]\s*(.*)$/i;
const HEADING = /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/;

/** Light Markdown clean-up: shoppers see answers as chat text, not rendered Markdown. */
function cleanInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1（$2）')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s*>\s?/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '· ');
}

function tidy(text: string): string {
  return cleanInline(text)
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function clip(title: string): string {
  const oneLine = cleanInline(title).replace(/\s+/g, ' ').trim();
  return oneLine.length > IMPORT_LIMITS.maxTitleChars ? `${oneLine.slice(0, IMPORT_LIMITS.maxTitleChars - 1)}…` : oneLine;
}

/** Splits an over-long answer at paragraph boundaries into "title（1/3）" parts. */
function sized(title: string, answer: string): DraftEntry[] {
  const max = IMPORT_LIMITS.maxAnswerChars;
  if (answer.length <= max) return [{ title, answer }];
  const parts: string[] = [];
  let current = '';
  for (const paragraph of answer.split(/\n{2,}/)) {
    for (let start = 0; start < paragraph.length; start += max) {
      const piece = paragraph.slice(start, start + max);
      if (current.length + piece.length + 2 > max && current) {
        parts.push(current);
        current = '';
      }
      current = current ? `${current}\n\n${piece}` : piece;
    }
  }
  if (current) parts.push(current);
  return parts.map((part, i) => ({ title: clip(`${title}（${i + 1}/${parts.length}）`), answer: part }));
}

function splitQuestionAnswer(lines: string[]): DraftEntry[] {
  const entries: DraftEntry[] = [];
  let question: string[] | null = null;
  let answer: string[] | null = null;
  const flush = () => {
    if (question && answer) {
      const title = clip(question.join(' '));
      const body = tidy(answer.join('\n'));
      if (title && body) entries.push(...sized(title, body));
    }
    question = null;
    answer = null;
  };
  for (const line of lines) {
    const q = QUESTION.exec(line);
    const a = q ? null : ANSWER.exec(line);
    if (q) {
      flush();
      question = [q[1] ?? ''];
    } else if (a && question && !answer) {
      answer = [a[1] ?? ''];
    } else if (HEADING.test(line)) {
      // A heading between Q&A blocks ends the current answer; it is a section label, not content.
      flush();
    } else if (answer) {
      answer.push(line);
    } else if (question && line.trim()) {
      question.push(line.trim());
    }
  }
  flush();
  return entries;
}

function splitHeadings(lines: string[], fallbackTitle: string): DraftEntry[] {
  const entries: DraftEntry[] = [];
  let title = fallbackTitle;
  let body: string[] = [];
  const flush = () => {
    const answer = tidy(body.join('\n'));
    // A heading followed straight by a sub-heading has no text of its own and is skipped.
    if (answer) entries.push(...sized(clip(title), answer));
    body = [];
  };
  for (const line of lines) {
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      title = heading[2] ?? fallbackTitle;
    } else {
      body.push(line);
    }
  }
  flush();
  return entries;
}

/**
 * A document's text to entries. Explicit Q&A markers ("Q:"/"问：" then "A:"/"答：") win, since FAQ
 * documents are the common case; otherwise each Markdown heading starts an entry; otherwise the
 * whole text is one entry, titled by its first short line or the file name.
 */
export function splitDocument(text: string, fallbackTitle: string): DraftEntry[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const hasQuestions = lines.some((l) => QUESTION.test(l)) && lines.some((l) => ANSWER.test(l));
  if (hasQuestions) {
    const pairs = splitQuestionAnswer(lines);
    if (pairs.length > 0) return pairs;
  }
  if (lines.some((l) => HEADING.test(l))) {
    const sections = splitHeadings(lines, fallbackTitle);
    if (sections.length > 0) return sections;
  }
  const nonEmpty = lines.map((l) => l.trim()).filter(Boolean);
  if (nonEmpty.length === 0) return [];
  const first = nonEmpty[0] ?? '';
  if (nonEmpty.length > 1 && first.length <= 60) return sized(clip(first), tidy(lines.slice(lines.findIndex((l) => l.trim() === first) + 1).join('\n')));
  return sized(clip(fallbackTitle), tidy(text));
}
