import { demoKnowledge } from '../../../src/demo/demo-knowledge';
import type { IndexableEntry } from '../../../src/knowledge/retrieval/indexable-entry';

/** The 40 demo policy entries as retrieval sees them; ids 1..40 in file order. */
export function demoEntries(): IndexableEntry[] {
  return demoKnowledge.map((entry, i) => ({
    id: i + 1,
    slug: entry.id,
    title: entry.title,
    answer: entry.answer,
    keywords: entry.keywords,
    similarQuestions: entry.similarQuestions,
    version: 1,
  }));
}
