import type { IndexableEntry } from './indexable-entry';

export interface EntryChunk {
  /** 0 is the question chunk; answer chunks follow. */
  chunkNo: number;
  text: string;
}

const CHUNK_CHARS = 300;
const OVERLAP_CHARS = 60;
/** Where a cut may fall, so a chunk ends on a sentence rather than mid-word when it can. */
const SENTENCE_END = /[。！？!?；;\n]/u;

/**
 * The pieces of one entry that get their own vector: one chunk of every way the question is asked
 * (title, similar questions, keywords), then the answer in ~300-character windows overlapping by
 * ~60 so a fact cut at a boundary is whole in one of the two neighbours. An answer equal to the
 * title (imported question-only docs) adds nothing and is skipped.
 */
export function chunkEntry(entry: IndexableEntry): EntryChunk[] {
  const question = [entry.title, ...entry.similarQuestions, entry.keywords.join(' ')].filter((t) => t.trim()).join('\n');
  const chunks: EntryChunk[] = [{ chunkNo: 0, text: question }];
  const answer = entry.answer.trim();
  if (!answer || answer === entry.title.trim()) return chunks;
  const chars = Array.from(answer);
  let start = 0;
  while (start < chars.length) {
    let end = Math.min(chars.length, start + CHUNK_CHARS);
    if (end < chars.length) {
      // Prefer the last sentence end in the back third of the window.
      for (let i = end - 1; i > start + (CHUNK_CHARS * 2) / 3; i -= 1) {
        if (SENTENCE_END.test(chars[i])) {
          end = i + 1;
          break;
        }
      }
    }
    chunks.push({ chunkNo: chunks.length, text: chars.slice(start, end).join('') });
    if (end >= chars.length) break;
    start = Math.max(start + 1, end - OVERLAP_CHARS);
  }
  return chunks;
}
