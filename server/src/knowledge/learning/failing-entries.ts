import { Message } from '../../conversations/models';
import { KnowledgeEntry } from '../models';
import { collectEntryOutcomes } from './entry-outcomes';
import { NO_EVIDENCE, usefulnessOf, usefulnessSince, type EntryUsefulness } from './entry-usefulness';

export interface FailingEntry extends EntryUsefulness {
  entryId: number;
  slug: string;
  title: string;
  /** The entry's latest revision: what a proposed rewrite is based on. */
  latestRevision: number;
  /** Shopper questions it was answered to that got a 👎 or a person, newest first. */
  exampleQuestions: string[];
}

/** Entries that keep failing (usefulness below the flag threshold with enough evidence), worst first. */
export async function findFailingEntries(tenantId: number): Promise<FailingEntry[]> {
  const flagged = [...(await collectEntryOutcomes(tenantId, usefulnessSince())).values()].filter((o) => usefulnessOf(o).flagged);
  if (flagged.length === 0) return [];
  const [entries, questions] = await Promise.all([
    KnowledgeEntry.findAll({ where: { tenantId, id: flagged.map((o) => o.entryId) }, attributes: ['id', 'slug', 'title', 'latestRevision'] }),
    Message.findAll({ where: { tenantId, id: flagged.flatMap((o) => o.failingQuestionIds) }, attributes: ['id', 'text'] }),
  ]);
  const textOf = new Map(questions.map((m) => [Number(m.id), m.text.trim()]));
  const entryById = new Map(entries.map((e) => [Number(e.id), e]));
  return flagged
    .flatMap((o) => {
      const entry = entryById.get(o.entryId);
      // An entry deleted since its answers were given has nothing left to rewrite.
      if (!entry) return [];
      const exampleQuestions = [...new Set(o.failingQuestionIds.map((id) => textOf.get(id)).filter((t): t is string => Boolean(t)))];
      return [{ entryId: o.entryId, slug: entry.slug, title: entry.title, latestRevision: entry.latestRevision, ...usefulnessOf(o), exampleQuestions }];
    })
    .sort((a, b) => a.usefulness - b.usefulness || a.entryId - b.entryId);
}

/** One entry's usefulness for its console view; neutral when nothing has been said about it. */
export async function usefulnessOfEntry(tenantId: number, entryId: number): Promise<EntryUsefulness> {
  const outcome = (await collectEntryOutcomes(tenantId, usefulnessSince())).get(entryId);
  return outcome ? usefulnessOf(outcome) : NO_EVIDENCE;
}
