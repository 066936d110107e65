import { NotFoundError, ValidationError } from '@kefu/shared';
import type { Transaction } from 'sequelize';
import type { KnowledgeEntry, KnowledgeRevision } from '../models';
import { createEntry } from '../management/create-entry';
import { findRevision, lockEntry } from '../management/locked-entry';
import { completeContent, type RevisionAuthor } from '../management/revision-content';
import { reviseEntry } from '../management/revision-workflow';
import type { KnowledgeRetriever } from '../retrieval/knowledge-retriever';
import { findAgentSuggestions } from './agent-suggestions';
import { findGaps } from './find-gaps';

export interface AcceptInput {
  id: string;
  /** The reviewer's wording, replacing the suggestion's. */
  title?: string;
  answer?: string;
}

export interface Accepted {
  entry: KnowledgeEntry;
  revision: KnowledgeRevision;
  kind: 'gap' | 'new_entry' | 'new_phrasing';
}

/**
 * Turns a suggestion into a draft for review (never straight into service): a gap topic or an
 * agent's answer becomes a new draft entry; a new phrasing becomes a draft revision of its entry
 * with the question added to its similar questions. The suggestion is looked up again, so an id
 * that no longer matches anything (already covered, outside the window) is 404.
 */
export async function acceptSuggestion(
  retriever: KnowledgeRetriever,
  tenantId: number,
  since: Date,
  input: AcceptInput,
  author: RevisionAuthor,
  transaction: Transaction,
): Promise<Accepted> {
  if (input.id.startsWith('gap:')) {
    const topic = (await findGaps(tenantId, since, 1000)).find((t) => t.id === input.id);
    if (!topic) throw new NotFoundError(`suggestion ${input.id} not found`);
    const answer = input.answer ?? topic.suggestedEntry.answer;
    if (!answer) throw new ValidationError('nobody has answered this topic yet: send the answer to draft it with');
    const content = completeContent({ title: input.title ?? topic.suggestedEntry.title, answer, similarQuestions: topic.suggestedEntry.similarQuestions, keywords: topic.suggestedEntry.keywords });
    const created = await createEntry(tenantId, content, { author, note: `from gap topic ${input.id} (${topic.volume} questions)` }, transaction);
    return { ...created, kind: 'gap' };
  }
  const suggestion = (await findAgentSuggestions(retriever, tenantId, since)).find((s) => s.id === input.id);
  if (!suggestion) throw new NotFoundError(`suggestion ${input.id} not found`);
  if (suggestion.kind === 'new_phrasing' && suggestion.entryId !== undefined) {
    const entry = await lockEntry(tenantId, suggestion.entryId, transaction);
    const latest = await findRevision(tenantId, suggestion.entryId, entry.latestRevision, transaction);
    const similarQuestions = [...new Set([...latest.similarQuestions, suggestion.question.slice(0, 300)])].slice(0, 100);
    const revision = await reviseEntry(tenantId, suggestion.entryId, entry.latestRevision, { similarQuestions }, author, `new phrasing from agent reply ${suggestion.id}`, transaction);
    return { entry, revision, kind: 'new_phrasing' };
  }
  const content = completeContent({ title: (input.title ?? suggestion.question).slice(0, 300), answer: input.answer ?? suggestion.answer });
  const created = await createEntry(tenantId, content, { author, note: `from agent reply ${suggestion.id}` }, transaction);
  return { ...created, kind: 'new_entry' };
}
